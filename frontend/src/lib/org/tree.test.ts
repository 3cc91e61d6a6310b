import { describe, expect, it } from 'vitest';
import { buildDepartmentTree, descendantIds } from './tree';

const rows = [
  { id: 'b', code: 'sales-east', name: '华东销售', parent_id: 'a' },
  { id: 'a', code: 'sales', name: '销售部', parent_id: null },
  { id: 'c', code: 'sales-east-sh', name: '上海', parent_id: 'b' },
  { id: 'd', code: 'ops', name: '运营部', parent_id: 'missing' },
];

describe('department tree', () => {
  it('nests children and keeps orphans as roots', () => {
    const tree = buildDepartmentTree(rows);
    expect(tree.map((n) => n.id)).toEqual(['d', 'a']);
    expect(tree[1]!.children![0]!.children![0]!.id).toBe('c');
  });

  it('finds all descendants', () => {
    expect([...descendantIds(rows, 'a')].sort()).toEqual(['a', 'b', 'c']);
  });
});
