import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, hashPassword } from '@mahir/persistence';
import { percentile, report, round } from './harness';

const LEARNERS = 32;
const COURSES = 10;
const LESSONS = 20;
const BATCH = 100;
const SECONDS = 10;

/** One published course of LESSONS text lessons (the ingest path is the same for every kind). */
function documentOf(n: number, competencyId: string) {
  return {
    title: `Kursus Progres ${n}`, summary: 'Bench', description: '', coverObjectKey: null, category: null, language: 'id', jpMinutes: 90,
    competencies: [{ competencyId, level: 1, validityMonths: null }], enrollmentPolicy: 'open', visibility: 'tenant', certificateTemplateId: null,
    grading: { passMark: 70, weights: [], attemptsAllowed: null }, prerequisites: [],
    modules: [{ id: 'm1', title: 'Materi', lessons: Array.from({ length: LESSONS }, (_, i) => ({ id: `l${i}`, kind: 'text', title: `Bagian ${i}`, required: true, estimatedMinutes: 5, markdown: 'Isi' })) }],
    questionBank: [],
  };
}

/**
 * LEARNERS × COURSES active enrollments written with SQL (enrolling is not what is measured); then
 * LEARNERS concurrent clients post batches of BATCH events for SECONDS through the real API, each
 * to its own enrollments in turn, every event new (a mix of time, position and completions).
 */
async function build(db: DataSource) {
  const [tenant] = await db.query(`INSERT INTO tenant (code, name, time_zone) VALUES ('PROGRES', 'Instansi Uji Progres', 'WIB') RETURNING id`);
  const t = tenant.id as string;
  const [competency] = await db.query(`SELECT id FROM competency WHERE tenant_id IS NULL ORDER BY code LIMIT 1`);
  const [unit] = await db.query(`INSERT INTO unit (tenant_id, code, name) VALUES ($1, 'UJI', 'Unit Uji') RETURNING id`, [t]);
  const [position] = await db.query(`INSERT INTO position (tenant_id, code, name, position_class) VALUES ($1, 'PEL', 'Pelaksana', 'pelaksana') RETURNING id`, [t]);
  const courseIds: string[] = [];
  for (let n = 0; n < COURSES; n++) {
    const doc = JSON.stringify(documentOf(n, competency.id));
    const [course] = await db.query(`INSERT INTO course (tenant_id, published_version) VALUES ($1, 1) RETURNING id`, [t]);
    await db.query(`INSERT INTO course_version (course_id, version, tenant_id, title, document) VALUES ($1, 1, $2, $3, $4)`, [course.id, t, `Kursus Progres ${n}`, doc]);
    courseIds.push(course.id);
  }
  const hash = await hashPassword(DEMO_PASSWORD);
  const learners: { email: string; enrollments: string[] }[] = [];
  for (let i = 0; i < LEARNERS; i++) {
    const nip = `19770707200303${i % 2 ? 1 : 2}${String(100 + i).padStart(3, '0')}`;
    const email = `progres.${i}@progres.go.id`;
    const [employee] = await db.query(
      `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [t, nip, `Pegawai Progres ${i}`, email, unit.id, position.id],
    );
    const [user] = await db.query(
      `INSERT INTO user_account (tenant_id, employee_id, nip, email, display_name, password_hash) VALUES ($1, $2, $3, $4, $4, $5) RETURNING id`,
      [t, employee.id, nip, email, hash],
    );
    await db.query(`INSERT INTO user_role (user_id, tenant_id, role) VALUES ($1, $2, 'learner')`, [user.id, t]);
    const enrollments: string[] = (
      await db.query(
        `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at)
         SELECT $1, $2, c, 1, 'active', 'self', now() FROM unnest($3::uuid[]) c RETURNING id`,
        [t, employee.id, courseIds],
      )
    ).map((r: { id: string }) => r.id);
    learners.push({ email, enrollments });
  }
  return learners;
}

export async function benchProgress(db: DataSource, base: string, login: (identifier: string) => Promise<string>) {
  const learners = await build(db);
  const tokens = await Promise.all(learners.map((l) => login(l.email)));
  const latencies: number[] = [];
  let events = 0;
  let failures = 0;
  const until = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    learners.map(async (learner, i) => {
      for (let n = 0; Date.now() < until; n++) {
        const enrollmentId = learner.enrollments[n % learner.enrollments.length];
        const batch = Array.from({ length: BATCH }, (_, k) => ({
          id: randomUUID(), lessonId: `l${(n + k) % LESSONS}`, secondsSpent: 5, position: k, percent: k % 101, ...(k % 10 === 0 ? { completed: true } : {}),
        }));
        const t0 = process.hrtime.bigint();
        const res = await fetch(`${base}/api/v1/enrollments/${enrollmentId}/progress`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events: batch }),
        });
        await res.arrayBuffer();
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.status === 200) events += BATCH;
        else failures++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (failures > 0) throw new Error(`progress bench saw ${failures} failed requests`);
  console.log(`  ${latencies.length} requests of ${BATCH} events from ${LEARNERS} clients over ${LEARNERS * COURSES} enrollments`);
  report({ name: 'progress_ingest_throughput', value: round(events / seconds, 0), unit: 'events/s', budget: '>= 5000 events/s' });
  report({ name: 'progress_ingest_latency_p95', value: round(percentile(latencies.sort((a, b) => a - b), 95)), unit: 'ms', note: `${BATCH} events per request` });
}
