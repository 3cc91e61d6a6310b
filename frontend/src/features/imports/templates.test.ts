import { describe, expect, it } from 'vitest';
import { parseCsv } from '../analytics/csv';
import { countParts, decodeCsv, errorRowsCsv, progressPercent, templateCsv, templateHeaders } from './templates';

const LABELS = { row: '行号', column: '列', message: '错误说明' };

describe('templates', () => {
  it('uses the Chinese headers of the contract', () => {
    expect(templateHeaders('performance')).toEqual(['工号', '周期', '指标', '数值']);
    expect(templateHeaders('training')).toEqual(['工号', '课程', '完成时间', '成绩']);
    expect(templateHeaders('people')).toEqual(['工号', '姓名', '邮箱', '手机', '部门', '入职日期', '离职日期']);
    expect(templateHeaders('results')).toEqual([
      '工号', '姓名', '邮箱', '手机', '部门', '岗位', '批次', '面试时间', '总分', '满分', '维度:communication', '维度:risk-awareness',
    ]);
  });
  it('makes a BOM CSV whose example rows fit the header', () => {
    for (const kind of ['people', 'results', 'performance', 'training'] as const) {
      const text = templateCsv(kind);
      expect(text.startsWith('\ufeff')).toBe(true);
      const rows = parseCsv(text).filter((r) => r.some(Boolean));
      expect(rows[0]).toEqual(templateHeaders(kind));
      for (const row of rows.slice(1)) expect(row).toHaveLength(rows[0]!.length);
    }
  });
});

describe('errorRowsCsv', () => {
  const errors = [
    { row: 3, column: '数值', message: "'abc' is not a number" },
    { row: 3, column: '周期', message: 'is required' },
    { row: 2, column: '工号', message: 'no person with employee_no E9' },
  ];
  it('copies the bad rows of the file with their messages', () => {
    const file = [['工号', '周期', '指标', '数值'], ['E9', '2026-Q3', '合规绩效', '80'], ['E1001', '', '合规绩效', 'abc'], ['E1002', '2026-Q3', '合规绩效', '90']];
    expect(parseCsv(errorRowsCsv(errors, file, LABELS))).toEqual([
      ['行号', '工号', '周期', '指标', '数值', '错误说明'],
      ['2', 'E9', '2026-Q3', '合规绩效', '80', '工号: no person with employee_no E9'],
      ['3', 'E1001', '', '合规绩效', 'abc', "数值: 'abc' is not a number; 周期: is required"],
    ]);
  });
  it('lists row, column and message without the file (XLSX)', () => {
    expect(parseCsv(errorRowsCsv(errors.slice(2), null, LABELS))).toEqual([
      ['行号', '列', '错误说明'],
      ['2', '工号', 'no person with employee_no E9'],
    ]);
  });
});

describe('decodeCsv', () => {
  it('reads UTF-8 with or without BOM, and GBK', () => {
    const utf8 = new TextEncoder().encode('工号,周期\r\n');
    expect(decodeCsv(utf8.buffer)).toBe('工号,周期\r\n');
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]).buffer)).toBe('工号,周期\r\n');
    const gbk = new Uint8Array([0xb9, 0xa4, 0xba, 0xc5]); // 工号
    expect(decodeCsv(gbk.buffer)).toBe('工号');
  });
});

describe('progressPercent', () => {
  it('is processed / valid, and 100 when done', () => {
    expect(progressPercent({ status: 'running', processed_rows: 50, valid_rows: 200 })).toBe(25);
    expect(progressPercent({ status: 'pending', processed_rows: 0, valid_rows: 0 })).toBe(0);
    expect(progressPercent({ status: 'succeeded', processed_rows: 0, valid_rows: 0 })).toBe(100);
  });
});

describe('countParts', () => {
  it('keeps the created / updated / unchanged counters', () => {
    expect(countParts({ performance_created: 15, performance_unchanged: 0, rows_seen: 16, results_checked: 3, people_updated: 2 })).toEqual([
      { kind: 'performance', action: 'created', count: 15 },
      { kind: 'people', action: 'updated', count: 2 },
    ]);
  });
});
