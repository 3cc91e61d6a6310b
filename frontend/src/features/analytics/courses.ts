// Which course counts as evidence for a weak dimension (training that works). Pure.
import type { CourseEffect } from '../../api/types';

/** Per dimension, the course whose completers improved it most, with evidence: enough of them
 * and a 95% confidence interval of the change entirely above 0. */
export function bestCourses(dimensions: { code: string; courses: CourseEffect[] }[]): Map<string, CourseEffect> {
  const out = new Map<string, CourseEffect>();
  for (const d of dimensions) {
    const best = d.courses.find((c) => c.enough_data && c.ci95 !== null && c.ci95[0] > 0);
    if (best) out.set(d.code, best);
  }
  return out;
}
