import { checkForPublish } from '@mahir/course';
import { DEMO_COURSES, demoUuid } from './demo-courses';

describe('demo courses', () => {
  const codes = ['M.1', 'M.2', 'M.3', 'M.4', 'M.5', 'M.6', 'M.7', 'M.8', 'SK.1'];
  const competencyId = (code: string) => {
    if (!codes.includes(code)) throw new Error(`unknown national competency ${code}`);
    return demoUuid(`competency:${code}`);
  };

  it.each(DEMO_COURSES.map((c) => [c.slug, c] as const))('%s passes every publishing check', (_slug, course) => {
    expect(checkForPublish(course.document(competencyId))).toEqual([]);
  });

  it('derives stable, distinct ids that look like UUIDs', () => {
    const ids = DEMO_COURSES.map((c) => demoUuid(`course:${c.agencyCode}:${c.slug}`));
    expect(new Set(ids).size).toBe(DEMO_COURSES.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(demoUuid('x')).toBe(demoUuid('x'));
  });
});
