/**
 * CSV as spreadsheets read it (RFC 4180): fields separated by commas, rows by CRLF, a field quoted
 * when it holds a quote, comma, line break or edge spaces, quotes doubled inside. A text that
 * starts with = + - @ (or a tab or carriage return) is a formula to a spreadsheet: an exported
 * customer message "=HYPERLINK(…)" would run when opened, so such a text is prefixed with an
 * apostrophe and shown as written. Numbers are written as numbers; only texts are prefixed.
 * Shared by the server's exports and the web app's table downloads.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV row, with its line end. */
export const csvRow = (values: readonly CsvValue[]): string => `${values.map(csvCell).join(',')}\r\n`;

/** A whole CSV file; the byte order mark lets spreadsheet programs read it as UTF-8 (umlauts, emoji). */
export function csvFile(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${csvRow(header)}${rows.map(csvRow).join('')}`;
}

/**
 * Counts the rows a stream of CSV has completed so far: line ends outside quoted fields. Fed chunk
 * by chunk (a quoted field may span chunks), for an export's progress.
 */
export function csvRowCounter(): (chunk: string) => number {
  let quoted = false;
  let rows = 0;
  return (chunk) => {
    for (const ch of chunk) {
      if (ch === '"') quoted = !quoted;
      else if (ch === '\n' && !quoted) rows++;
    }
    return rows;
  };
}
