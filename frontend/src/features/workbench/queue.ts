/** Moving through the workbench's current (filtered, sorted) list while reviewing it. */

interface QueueItem {
  id: string;
  status: string;
}

/**
 * The next result still waiting for review after `currentId`, in the list's order, wrapping round
 * to the top; results reviewed in this session (`reviewed`) are skipped even if the list is stale.
 */
export function nextPending<T extends QueueItem>(items: readonly T[], currentId: string, reviewed: ReadonlySet<string>): T | undefined {
  const at = items.findIndex((r) => r.id === currentId);
  const ordered = at < 0 ? items : [...items.slice(at + 1), ...items.slice(0, at)];
  return ordered.find((r) => r.id !== currentId && r.status === 'pending_review' && !reviewed.has(r.id));
}

/** The result `step` places from `currentId` (the first one when nothing is open); none past the ends. */
export function neighbour<T extends QueueItem>(items: readonly T[], currentId: string | undefined, step: 1 | -1): T | undefined {
  const at = currentId === undefined ? -1 : items.findIndex((r) => r.id === currentId);
  if (at < 0) return items[0];
  return items[at + step];
}
