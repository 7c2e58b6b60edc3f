import { describe, expect, it } from 'vitest';
import { csvCell, csvFile, csvRow, csvRowCounter } from '../../../src/text/csv.ts';

describe('CSV cells', () => {
  it('quotes what a spreadsheet would split, doubling quotes inside', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('she said "hi"')).toBe('"she said ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell('Grüße 👋')).toBe('Grüße 👋');
  });

  it('writes numbers, booleans and empty values as they are', () => {
    expect(csvCell(-12)).toBe('-12');
    expect(csvCell(3.5)).toBe('3.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('keeps a text that starts like a formula from running (= + - @ tab CR)', () => {
    expect(csvCell('=HYPERLINK("http://evil.test","click")')).toBe(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    expect(csvCell('+49 170 000')).toBe("'+49 170 000");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    // Only at the start: a text with a formula sign later is data.
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('ends rows with CRLF and starts a file with a byte order mark', () => {
    expect(csvRow(['a', 1, null])).toBe('a,1,\r\n');
    expect(csvFile(['x', 'y'], [['1', 2]])).toBe('\uFEFFx,y\r\n1,2\r\n');
  });
});

describe('counting the rows of a CSV stream', () => {
  it('counts line ends outside quotes, across chunks that split a quoted field', () => {
    const text = csvFile(
      ['a', 'b'],
      [
        ['one\ntwo', 'x'],
        ['"q"\r\n', 'y'],
        ['z', '=1'],
      ],
    );
    for (const size of [1, 2, 3, 7, text.length]) {
      const count = csvRowCounter();
      let rows = 0;
      for (let i = 0; i < text.length; i += size) rows = count(text.slice(i, i + size));
      expect(rows, `chunks of ${size}`).toBe(4);
    }
  });
});
