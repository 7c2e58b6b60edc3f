/** A tiny markdown writer for docs/BENCHMARKS.md: headings, paragraphs, tables, code blocks. */
export class Markdown {
  private readonly parts: string[] = [];

  heading(level: 1 | 2 | 3, text: string): this {
    this.parts.push(`${'#'.repeat(level)} ${text}`);
    return this;
  }

  /** One paragraph per argument. */
  paragraph(...paragraphs: string[]): this {
    this.parts.push(paragraphs.join('\n\n'));
    return this;
  }

  bullets(items: string[]): this {
    this.parts.push(items.map((i) => `- ${i}`).join('\n'));
    return this;
  }

  table(headers: string[], rows: (string | number)[][]): this {
    const cell = (v: string | number) => String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ');
    this.parts.push([`| ${headers.map(cell).join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n'));
    return this;
  }

  code(text: string, lang = ''): this {
    this.parts.push(`\`\`\`${lang}\n${text.trimEnd()}\n\`\`\``);
    return this;
  }

  toString(): string {
    return `${this.parts.join('\n\n')}\n`;
  }
}

/** Numbers for people: a few significant digits, thousands separated. */
export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: n >= 100 ? 0 : Math.min(digits, 1) });
}

export const fmtRatio = (r: number): string => (Number.isFinite(r) ? `${r.toFixed(r < 10 ? 2 : 1)}×` : 'n/a');

export const verdict = (met: boolean): string => (met ? '**met**' : '**missed**');
