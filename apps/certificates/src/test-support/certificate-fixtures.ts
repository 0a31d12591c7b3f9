import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { writeOutbox } from '@mahir/persistence';

/*
 * Completed enrollments written by SQL, as the completion spine leaves them (apps do not import
 * apps, so the worker's fixtures are not reachable from here).
 */

export interface CompletedAgency {
  tenantId: string;
  code: string;
  courseTitle: string;
  employees: { id: string; nip: string; name: string }[];
  enrollmentIds: string[];
}

/** An agency (zone WIT) with `learners` employees who each completed one course granting two competencies. */
export async function completedAgency(db: DataSource, learners: number): Promise<CompletedAgency> {
  const code = `C${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  const [{ id: tenantId }] = await db.query(`INSERT INTO tenant (code, name, time_zone) VALUES ($1, $2, 'WIT') RETURNING id`, [code, `Pemerintah Provinsi ${code}`]);
  const [{ id: unitId }] = await db.query(`INSERT INTO unit (tenant_id, code, name) VALUES ($1, 'SETDA', 'Sekretariat Daerah') RETURNING id`, [tenantId]);
  const [{ id: positionId }] = await db.query(`INSERT INTO position (tenant_id, code, name, position_class) VALUES ($1, 'PELAKSANA', 'Pelaksana', 'pelaksana') RETURNING id`, [tenantId]);
  const employees: { id: string; nip: string; name: string }[] = await db.query(
    `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id)
     SELECT $1, '19850315201001' || (1 + n % 2)::text || lpad((n + 1)::text, 3, '0'), 'Siti Rahmawati ' || n, 'siti' || n || '@' || lower($2) || '.go.id', $3, $4
     FROM generate_series(0, $5 - 1) AS n ORDER BY n RETURNING id, nip, full_name AS name`,
    [tenantId, code, unitId, positionId, learners],
  );
  const [integritas] = await db.query(`SELECT id FROM competency WHERE tenant_id IS NULL AND name = 'Integritas'`);
  const [technical] = await db.query(`INSERT INTO competency (tenant_id, type, code, name) VALUES ($1, 'teknis', 'TK.ARSIP', 'Pengelolaan Arsip Dinamis') RETURNING id`, [tenantId]);
  const courseTitle = 'Tata Kelola Arsip Pemerintahan';
  const document = {
    title: courseTitle, summary: '', description: '', coverObjectKey: null, category: null, language: 'id', jpMinutes: 900,
    competencies: [
      { competencyId: integritas.id, level: 3, validityMonths: null },
      { competencyId: technical.id, level: 2, validityMonths: 24 },
    ],
    enrollmentPolicy: 'open', visibility: 'tenant', certificateTemplateId: null, grading: { passMark: 70, weights: [], attemptsAllowed: null },
    prerequisites: [], modules: [], questionBank: [],
  };
  const [course] = await db.query(`INSERT INTO course (tenant_id, published_version) VALUES ($1, 1) RETURNING id`, [tenantId]);
  await db.query(`INSERT INTO course_version (course_id, version, tenant_id, title, document) VALUES ($1, 1, $2, $3, $4)`, [course.id, tenantId, courseTitle, document]);
  const enrollments: { id: string }[] = await db.query(
    `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at, completed_at, progress_percent)
     SELECT $1, e.id, $2, 1, 'completed', 'self', now() - interval '1 day', now(), 100 FROM unnest($3::uuid[]) WITH ORDINALITY AS e(id, n) ORDER BY e.n RETURNING id`,
    [tenantId, course.id, employees.map((e) => e.id)],
  );
  return { tenantId, code, courseTitle, employees, enrollmentIds: enrollments.map((e) => e.id) };
}

/** 'certificate.requested' events, as the completion spine writes them (repeats allowed). */
export async function requestCertificates(db: DataSource, tenantId: string, enrollmentIds: string[]): Promise<void> {
  await db.transaction((tx) => writeOutbox(tx, enrollmentIds.map((enrollmentId) => ({ name: 'certificate.requested' as const, tenantId, payload: { tenantId, enrollmentId } }))));
}

/** Polls every 50 ms until `check` returns a value other than undefined, or gives up. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The environment the generator process gets: the test run's services. */
export function generatorEnv(): Record<string, string> {
  const keys = ['NODE_ENV', 'DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET', 'HOME'];
  const env: Record<string, string> = { LOG_LEVEL: process.env.TEST_WORKER_LOG_LEVEL || 'warn', PUBLIC_URL: 'https://mahir.example.go.id' };
  for (const key of keys) if (process.env[key]) env[key] = process.env[key] as string;
  return env;
}
