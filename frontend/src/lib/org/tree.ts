import type { Department } from '../../api/types';

export type DepartmentNode = Department & { children?: DepartmentNode[] };

/** Nests departments under their parents; orphans (parent not visible) become roots. */
export function buildDepartmentTree(departments: readonly Department[]): DepartmentNode[] {
  const byId = new Map<string, DepartmentNode>();
  for (const d of departments) byId.set(d.id, { ...d });
  const roots: DepartmentNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parent_id ? byId.get(node.parent_id) : undefined;
    if (parent && parent !== node) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (nodes: DepartmentNode[]) => {
    nodes.sort((a, b) => a.code.localeCompare(b.code));
    nodes.forEach((n) => n.children && sort(n.children));
  };
  sort(roots);
  return roots;
}

/** Ids of `id` and all departments below it. */
export function descendantIds(departments: readonly Department[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments) {
      if (d.parent_id && out.has(d.parent_id) && !out.has(d.id)) {
        out.add(d.id);
        grew = true;
      }
    }
  }
  return out;
}
