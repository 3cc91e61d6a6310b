import { describe, expect, it } from 'vitest';
import { exportUrl, fileNameFrom } from './exportResults';

describe('export helpers', () => {
  it('reads the file name from Content-Disposition', () => {
    expect(fileNameFrom(`attachment; filename="results.csv"; filename*=UTF-8''%E9%9D%A2%E8%AF%95.csv`, 'x')).toBe('面试.csv');
    expect(fileNameFrom('attachment; filename=results.xlsx', 'x')).toBe('results.xlsx');
    expect(fileNameFrom(null, 'results.csv')).toBe('results.csv');
  });

  it('sends the same filters and sort as the list', () => {
    expect(exportUrl('xlsx', { status: 'pending_review', q: '张', sort: '-received_at', min_total: 60 })).toBe(
      '/api/v1/results/export?format=xlsx&status=pending_review&q=%E5%BC%A0&sort=-received_at&min_total=60',
    );
  });
});
