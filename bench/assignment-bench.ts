import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, hashPassword } from '@mahir/persistence';
import { report, round } from './harness';

const EMPLOYEES = 50_000;

/** Valid, unique NIPs for the bench tenant: born 1965-01-01 plus i / 999 days, service from 1990-01, sequence 1 + i % 999. */
const NIP_SQL = `to_char(date '1965-01-01' + (g / 999), 'YYYYMMDD') || '199001' || '1' || lpad((1 + g % 999)::text, 3, '0')`;

/**
 * Bulk assignment budget: 50,000 employees enrolled in < 10 s. A bench agency gets 50,000
 * employees in a tree of 50 units with bulk SQL (the CSV import is measured elsewhere), a
 * training admin assigns a published course to the root unit with its sub-units through the
 * API, and the clock runs from the request until GET /assignments/:id reports done: the API,
 * the outbox relay and the worker's batched fan-out, end to end.
 */
export async function benchAssignment(db: DataSource, base: string, login: (identifier: string) => Promise<string>): Promise<void> {
  const trainerEmail = 'pelatih@penugasan.go.id';
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const [tenant] = await db.query(`INSERT INTO tenant (code, name, time_zone) VALUES ('PENUGASAN', 'Instansi Uji Penugasan', 'WIB') RETURNING id`);
  const t = tenant.id as string;
  await db.transaction(async (tx) => {
    const [root] = await tx.query(`INSERT INTO unit (tenant_id, code, name) VALUES ($1, 'ROOT', 'Sekretariat Daerah') RETURNING id`, [t]);
    await tx.query(`INSERT INTO unit (tenant_id, code, name, parent_id) SELECT $1, 'U' || g, 'Unit ' || g, $2 FROM generate_series(1, 49) g`, [t, root.id]);
    const [position] = await tx.query(`INSERT INTO position (tenant_id, code, name, position_class) VALUES ($1, 'PELAKSANA', 'Pelaksana', 'pelaksana') RETURNING id`, [t]);
    await tx.query(
      `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id)
       SELECT $1, ${NIP_SQL}, 'Pegawai ' || g, 'pegawai' || g || '@penugasan.go.id', u.id, $2
       FROM generate_series(0, ${EMPLOYEES - 1}) g
       JOIN LATERAL (SELECT id FROM unit WHERE tenant_id = $1 AND (code = 'ROOT' OR code LIKE 'U%') ORDER BY code OFFSET (g % 50) LIMIT 1) u ON true`,
      [t, position.id],
    );
    await tx.query(`ANALYZE employee`);
    const [course] = await tx.query(`INSERT INTO course (tenant_id, published_version) VALUES ($1, 1) RETURNING id`, [t]);
    const doc = {
      title: 'Orientasi ASN', summary: 'Orientasi', description: 'Orientasi', coverObjectKey: null, category: null, language: 'id', jpMinutes: 90,
      competencies: [], enrollmentPolicy: 'assigned', visibility: 'tenant', certificateTemplateId: null,
      grading: { passMark: 70, weights: [], attemptsAllowed: null }, prerequisites: [],
      modules: [{ id: 'm1', title: 'Materi', lessons: [{ id: 'l1', kind: 'text', title: 'Pengantar', required: true, estimatedMinutes: 90, markdown: 'Isi' }] }],
      questionBank: [],
    };
    await tx.query(`INSERT INTO course_draft (course_id, tenant_id, based_on_version, document) VALUES ($1, $2, 1, $3)`, [course.id, t, JSON.stringify(doc)]);
    await tx.query(`INSERT INTO course_version (course_id, version, tenant_id, title, document) VALUES ($1, 1, $2, $3, $4)`, [course.id, t, doc.title, JSON.stringify(doc)]);
    // The training admin who assigns: an employee of the agency in a unit outside the tree (so not assigned), with a login.
    const [office] = await tx.query(`INSERT INTO unit (tenant_id, code, name) VALUES ($1, 'BKPSDM', 'Badan Kepegawaian') RETURNING id`, [t]);
    const [admin] = await tx.query(
      `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id) VALUES ($1, '197001012000011001', 'Admin Pelatihan', $2, $3, $4) RETURNING id`,
      [t, trainerEmail, office.id, position.id],
    );
    const [user] = await tx.query(
      `INSERT INTO user_account (tenant_id, employee_id, nip, email, display_name, password_hash) VALUES ($1, $2, '197001012000011001', $3, 'Admin Pelatihan', $4) RETURNING id`,
      [t, admin.id, trainerEmail, passwordHash],
    );
    await tx.query(`INSERT INTO user_role (user_id, tenant_id, role) VALUES ($1, $2, 'training_admin')`, [user.id, t]);
  });
  const [{ course_id: courseId, root_id: rootId }] = await db.query(
    `SELECT (SELECT id FROM course WHERE tenant_id = $1) AS course_id, (SELECT id FROM unit WHERE tenant_id = $1 AND code = 'ROOT') AS root_id`,
    [t],
  );
  const token = await login(trainerEmail);
  const started = process.hrtime.bigint();
  const res = await fetch(`${base}/api/v1/courses/${courseId}/assignments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ target: { kind: 'unit', unitId: rootId, includeSubUnits: true }, mandatory: true, dueInDays: 30 }),
  });
  const created = (await res.json()) as { id: string };
  if (res.status !== 202) throw new Error(`assignment answered ${res.status}: ${JSON.stringify(created).slice(0, 500)}`);
  let state: { status: string; processed: number; enrolled: number; total: number } = { status: 'queued', processed: 0, enrolled: 0, total: 0 };
  const progress: number[] = [];
  while (state.status !== 'done' && state.status !== 'failed') {
    await new Promise((r) => setTimeout(r, 50));
    state = (await (await fetch(`${base}/api/v1/assignments/${created.id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as typeof state;
    if (progress[progress.length - 1] !== state.processed) progress.push(state.processed);
    if (Number(process.hrtime.bigint() - started) / 1e9 > 120) throw new Error(`assignment still ${state.status} after 120 s`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM enrollment WHERE course_id = $1 AND status = 'active'`, [courseId]);
  if (state.status !== 'done' || n !== EMPLOYEES) throw new Error(`assignment ${state.status}: ${n} of ${EMPLOYEES} enrolled`);
  console.log(`  assignment: ${n} enrolled, progress seen ${progress.join(' → ')}`);
  report({ name: `bulk_assignment_${EMPLOYEES}`, value: round(seconds, 2), unit: 's', budget: '< 10 s' });
}
