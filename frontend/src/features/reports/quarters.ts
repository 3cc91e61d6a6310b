// Quarters as the API names them (`2026-Q3`), in the organisation's calendar.

/** The quarter holding `day` and the `count - 1` before it, newest first. */
export function recentQuarters(day: Date, count = 8): string[] {
  let year = day.getFullYear();
  let quarter = Math.floor(day.getMonth() / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    out.push(`${year}-Q${quarter}`);
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  return out;
}

/** The last quarter that has ended by `day` (what the quarterly job reports on). */
export function previousQuarter(day: Date): string {
  return recentQuarters(day, 2)[1]!;
}
