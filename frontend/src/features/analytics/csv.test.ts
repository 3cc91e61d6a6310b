import { describe, expect, it } from 'vitest';
import { isFormulaLike, parseCsv, toCsv } from './csv';

describe('toCsv', () => {
  it('starts with a UTF-8 BOM and uses CRLF', () => {
    const text = toCsv(['分组', 'n'], [['销售代表', 12]]);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toBe('\ufeff分组,n\r\n销售代表,12\r\n');
  });
  it('quotes commas, quotes and new lines, and leaves empty cells empty', () => {
    expect(toCsv(['a'], [['x,y'], ['say "hi"'], ['two\nlines'], [null]])).toBe('\ufeffa\r\n"x,y"\r\n"say ""hi"""\r\n"two\nlines"\r\n\r\n');
  });
  it('defuses spreadsheet formulas but keeps negative numbers', () => {
    expect(toCsv(['a'], [['=1+1'], ['-3.5'], [-2]])).toBe("\ufeffa\r\n'=1+1\r\n-3.5\r\n-2\r\n");
  });
  it('defuses formula leaders in headers and cells, full-width and after blanks, and number-led formulas', () => {
    const attacks = ['=HYPERLINK("http://evil","x")', '＝HYPERLINK("http://evil")', '+1+1', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1)', '\t=1', '\r=1', '＋1', '－1', '＠A1', '﹦1', '  =1', '\u3000＝1', '\u200d=1'];
    const rows = parseCsv(toCsv(attacks, [attacks]));
    for (const row of rows) {
      expect(row).toHaveLength(attacks.length);
      row.forEach((value, i) => {
        expect(value).toBe(`'${attacks[i]}`);
        expect(isFormulaLike(value)).toBe(false);
      });
    }
  });
  it('leaves plain numbers and ordinary text alone', () => {
    for (const text of ['-3.5', '+1', '1e5', '销售代表', 'a=b']) expect(isFormulaLike(text)).toBe(false);
  });
  it('round-trips through parseCsv', () => {
    const rows = [['工号', '备注'], ['E1001', 'a,"b"'], ['E1002', '']];
    expect(parseCsv(toCsv(rows[0]!, rows.slice(1)))).toEqual(rows);
  });
});
