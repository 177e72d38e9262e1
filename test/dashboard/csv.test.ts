// The CSV export: RFC 4180 that a spreadsheet reads back cell for cell, and text that a
// spreadsheet would run as a formula neutralised.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../dashboard/lib/csv.js';

/** A strict RFC 4180 reader: CRLF between records, quotes around a cell that needs them. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && cell === '') {
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('unterminated quoted cell');
        if (text[i] === '"' && text[i + 1] === '"') (cell += '"'), i++;
        else if (text[i] === '"') break;
        else cell += text[i];
      }
      i++;
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
    } else if (text[i] === ',') {
      record.push(cell);
      cell = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i += 2;
    } else if (text[i] === '\r' || text[i] === '\n' || text[i] === '"') {
      throw new Error(`bare ${JSON.stringify(text[i])} outside quotes at ${i}`);
    } else {
      cell += text[i++];
    }
  }
  if (cell !== '' || record.length) throw new Error('the last record does not end with CRLF');
  return records;
}

describe('toCsv', () => {
  it('writes a header and rows, CRLF after every record', () => {
    expect(toCsv(['page', 'visitors'], [['/', 12], ['/pricing', 3]])).toBe('page,visitors\r\n/,12\r\n/pricing,3\r\n');
    expect(toCsv(['page', 'visitors'], [])).toBe('page,visitors\r\n');
  });

  it('quotes cells with commas, quotes or line breaks, and reads back unchanged', () => {
    const rows = [
      ['a,b', 'say "hi"', 'two\r\nlines', 'bare\nnewline', 'plain', 'ünïcödé ✓', ''],
    ];
    const csv = toCsv(['one', 'two', 'three', 'four', 'five', 'six', 'seven'], rows);
    expect(csv.split('\r\n')[1]).toBe('"a,b","say ""hi""","two');
    expect(parseCsv(csv)).toEqual([['one', 'two', 'three', 'four', 'five', 'six', 'seven'], ...rows]);
  });

  it('writes finite numbers as numbers and the rest as empty cells', () => {
    expect(parseCsv(toCsv(['n'], [[0], [-5], [1.5], [1e21], [NaN], [Infinity], [-Infinity]]))).toEqual([
      ['n'], ['0'], ['-5'], ['1.5'], ['1e+21'], [''], [''], [''],
    ]);
  });

  it('puts an apostrophe before text that a spreadsheet would run as a formula', () => {
    const risky = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tindented', '\rreturn'];
    const [, ...back] = parseCsv(toCsv(['value'], risky.map((v) => [v])));
    expect(back.map(([v]) => v)).toEqual(risky.map((v) => `'${v}`));
    // Harmless text is left as it is, including those characters after the first.
    expect(parseCsv(toCsv(['value'], [['a=b'], ['x-y'], ['mail@example.com'], [' =1']]))).toEqual([
      ['value'], ['a=b'], ['x-y'], ['mail@example.com'], [' =1'],
    ]);
  });

  it('treats the header like any other row', () => {
    expect(parseCsv(toCsv(['=cmd', 'a,b'], []))).toEqual([["'=cmd", 'a,b']]);
  });
});
