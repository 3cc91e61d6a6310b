// Examples shown in the mapping editor: a vendor's own body and the expression that maps it.
export const EXAMPLE_EXPRESSION = `{
  interview_id: id,
  candidate: {name: applicant.name, employee_no: applicant.no, email: applicant.mail},
  position: {code: job, name: job},
  interviewed_at: finished_at,
  total_score: result.score,
  max_score: result.full,
  dimensions: result.items[].{code: key, name: label, score: value, max_score: full, comment: remark},
  comment: result.summary,
  suggestions: result.advice
}`;

export const EXAMPLE_PAYLOAD = JSON.stringify(
  {
    id: 'v-123',
    applicant: { name: '张三', no: 'E1001', mail: 'zhang.san@example.com' },
    job: 'sales-rep',
    finished_at: '2026-11-20T09:30:00Z',
    result: {
      score: 87.5,
      full: 100,
      items: [{ key: 'communication', label: '沟通能力', value: 85, full: 100, remark: '表达清晰' }],
      summary: '候选人对行业趋势的理解深刻',
      advice: ['建议加强数据统计能力的学习'],
    },
  },
  null,
  2,
);

/** Parses the sample payload; a JSON object is required. */
export function parsePayload(text: string): { payload?: Record<string, unknown>; error?: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'expected a JSON object' };
    return { payload: value as Record<string, unknown> };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
