import { parse } from 'csv-parse/sync';
import { csvText } from './csv-text.js';

describe('csvText', () => {
  it('quotes what needs it, keeps Chinese and Uyghur readable, and defuses cells a spreadsheet would run as formulas', () => {
    const text = csvText(['name', 'note', 'score'], [
      ['王芳', 'said "yes", then left\r\nearly', 75.5],
      ['ئايشە', '=HYPERLINK("http://x")', null],
      ['-2+3', '@SUM(A1)', true],
    ]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text, { bom: true })).toEqual([
      ['name', 'note', 'score'],
      ['王芳', 'said "yes", then left\r\nearly', '75.5'],
      ['ئايشە', `'=HYPERLINK("http://x")`, ''],
      [`'-2+3`, `'@SUM(A1)`, 'true'],
    ]);
  });
});
