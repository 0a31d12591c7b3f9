import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, hashPassword } from '@mahir/persistence';
import { report, round, waitReady } from './harness';

const COURSES = 1_000;

/**
 * API instances the catalog is measured on: the one bench/main.ts started plus the rest started
 * here, alike, on the same 2 cores. The design scales the stateless API by running more of it; one
 * Node process uses about one core (decision 0012). `BENCH_CATALOG_INSTANCES=1 npm run bench`
 * measures a single instance.
 */
const INSTANCES = Number(process.env.BENCH_CATALOG_INSTANCES ?? 2);

const TOPICS = [
  ['Pelayanan Publik Prima', 'Pelayanan', 'Standar pelayanan, maklumat pelayanan dan pengelolaan pengaduan masyarakat.'],
  ['Teknik Melayani Masyarakat', 'Pelayanan', 'Cara melayani warga dengan ramah, cepat dan tuntas.'],
  ['Manajemen Arsip Dinamis', 'Kearsipan', 'Tata naskah dinas dan penyusutan arsip.'],
  ['Etika dan Integritas ASN', 'Integritas', 'Kode etik, konflik kepentingan dan gratifikasi.'],
  ['Perencanaan dan Penganggaran', 'Keuangan', 'Menyusun rencana kerja dan anggaran perangkat daerah.'],
  ['Analisis Kebijakan Publik', 'Kebijakan', 'Merumuskan, menilai dan mengomunikasikan rekomendasi kebijakan.'],
  ['Kepemimpinan Pengawas', 'Kepemimpinan', 'Memimpin tim, memberi umpan balik dan mengelola perubahan.'],
  ['Pengadaan Barang dan Jasa', 'Pengadaan', 'Prinsip, metode dan etika pengadaan pemerintah.'],
  ['Literasi Digital Pemerintahan', 'Digital', 'SPBE, keamanan informasi dan layanan daring.'],
  ['Wawasan Kebangsaan', 'Perekat Bangsa', 'Nilai-nilai kebangsaan dan keberagaman dalam pelayanan.'],
] as const;

/** A complete, publishable document (the shape of @mahir/course CourseDocument) for bench course n. */
function documentOf(n: number, competencyIds: string[]) {
  const [title, category, summary] = TOPICS[n % TOPICS.length];
  const picked = [competencyIds[n % competencyIds.length], competencyIds[(n * 7 + 3) % competencyIds.length]];
  return {
    title: `${title} ${1 + Math.floor(n / TOPICS.length)}`,
    summary,
    description: `## Tujuan\n\n${summary} Angkatan ${n}.\n\n- Materi inti\n- Studi kasus\n- Evaluasi`,
    coverObjectKey: null,
    category,
    language: n % 9 === 0 ? 'en' : 'id',
    jpMinutes: 45 * (1 + (n % 20)),
    competencies: [...new Set(picked)].map((competencyId, i) => ({ competencyId, level: 1 + ((n + i) % 5), validityMonths: i ? null : 36 })),
    enrollmentPolicy: 'open',
    visibility: n % 4 === 0 ? 'national' : 'tenant',
    certificateTemplateId: null,
    grading: { passMark: 70, weights: [], attemptsAllowed: null },
    prerequisites: [],
    modules: [
      {
        id: 'm1',
        title: 'Materi',
        lessons: [
          { id: 'l1', kind: 'text', title: 'Pengantar', required: true, estimatedMinutes: 15, markdown: summary },
          { id: 'l2', kind: 'text', title: 'Pendalaman', required: true, estimatedMinutes: 30, markdown: summary },
        ],
      },
    ],
    questionBank: [],
  };
}

/**
 * 1,000 published courses of one agency, written in bulk with SQL straight into course,
 * course_draft, course_version and course_catalog (the search vector through the same
 * mahir_course_search function the API's catalog writer uses): publishing a thousand courses
 * through the API would measure authoring, not the catalog. A learner of the agency reads it.
 */
async function buildCatalog(db: DataSource): Promise<{ learnerEmail: string }> {
  const [tenant] = await db.query(`INSERT INTO tenant (code, name, time_zone) VALUES ('KATALOG', 'Badan Pengembangan SDM Uji Katalog', 'WITA') RETURNING id`);
  const t = tenant.id as string;
  const competencyIds: string[] = (await db.query(`SELECT id FROM competency WHERE tenant_id IS NULL ORDER BY code`)).map((r: { id: string }) => r.id);
  const docs = Array.from({ length: COURSES }, (_, n) => documentOf(n, competencyIds));
  await db.transaction(async (tx) => {
    const ids: string[] = (
      await tx.query(
        `INSERT INTO course (tenant_id, published_version, created_at, updated_at)
         SELECT $1, 1, now() - g * interval '1 hour', now() - g * interval '1 hour' FROM generate_series(1, ${COURSES}) g RETURNING id`,
        [t],
      )
    ).map((r: { id: string }) => r.id);
    await tx.query(
      `INSERT INTO course_draft (course_id, tenant_id, based_on_version, document) SELECT d.id, $1, 1, d.doc FROM unnest($2::uuid[], $3::jsonb[]) AS d(id, doc)`,
      [t, ids, docs.map((d) => JSON.stringify(d))],
    );
    await tx.query(
      `INSERT INTO course_version (course_id, version, tenant_id, title, document, published_at)
       SELECT d.id, 1, $1, d.doc->>'title', d.doc, now() - d.n * interval '1 hour' FROM unnest($2::uuid[], $3::jsonb[]) WITH ORDINALITY AS d(id, doc, n)`,
      [t, ids, docs.map((d) => JSON.stringify(d))],
    );
    await tx.query(
      `INSERT INTO course_catalog (course_id, tenant_id, version, visibility, title, summary, category, language, jp_minutes, enrollment_policy,
                                   competencies, competency_ids, published_at, search)
       SELECT v.course_id, v.tenant_id, 1, d->>'visibility', d->>'title', d->>'summary', d->>'category', d->>'language', (d->>'jpMinutes')::int,
              d->>'enrollmentPolicy', d->'competencies',
              ARRAY(SELECT (x->>'competencyId')::uuid FROM jsonb_array_elements(d->'competencies') x), v.published_at,
              mahir_course_search(d->>'title', d->>'summary', d->>'category', d->>'description')
       FROM course_version v CROSS JOIN LATERAL (SELECT v.document AS d) doc WHERE v.tenant_id = $1`,
      [t],
    );
  });
  const [unit] = await db.query(`INSERT INTO unit (tenant_id, code, name) VALUES ($1, 'BANG', 'Bidang Pengembangan') RETURNING id`, [t]);
  const [position] = await db.query(`INSERT INTO position (tenant_id, code, name, position_class) VALUES ($1, 'ANALIS', 'Analis SDM', 'pelaksana') RETURNING id`, [t]);
  const email = 'pegawai@katalog.go.id';
  const nip = '199001012015011001';
  const [employee] = await db.query(
    `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id) VALUES ($1, $2, 'Pegawai Katalog', $3, $4, $5) RETURNING id`,
    [t, nip, email, unit.id, position.id],
  );
  const [user] = await db.query(
    `INSERT INTO user_account (tenant_id, employee_id, nip, email, display_name, password_hash) VALUES ($1, $2, $3, $4, 'Pegawai Katalog', $5) RETURNING id`,
    [t, employee.id, nip, email, await hashPassword(DEMO_PASSWORD)],
  );
  await db.query(`INSERT INTO user_role (user_id, tenant_id, role) VALUES ($1, $2, 'learner')`, [user.id, t]);
  await db.query(`ANALYZE course_catalog`);
  return { learnerEmail: email };
}

/** autocannon reports p90 and p97.5, not p95: the upper of the two is reported (conservative). */
const p95Bound = (r: autocannon.Result) => Math.max(r.latency.p90, r.latency.p97_5);

/** How bench/main.ts started its API, so the catalog bench can start more instances alike. */
export interface ApiLaunch {
  env: Record<string, string | undefined>;
  /** Ports for the further instances: firstPort, firstPort + 1, … */
  firstPort: number;
}

export async function benchCatalog(db: DataSource, base: string, login: (identifier: string) => Promise<string>, launch: ApiLaunch) {
  const started = Date.now();
  const { learnerEmail } = await buildCatalog(db);
  console.log(`  built ${COURSES} published courses in ${round((Date.now() - started) / 1000)} s`);
  const token = await login(learnerEmail);
  const headers = { authorization: `Bearer ${token}` };
  const more = await Promise.all(Array.from({ length: INSTANCES - 1 }, (_, i) => startApi(launch, launch.firstPort + i)));
  const bases = [base, ...more.map((m) => m.base)];
  try {
    for (const [label, path] of [
      ['search', '/api/v1/catalog?q=pelayanan'],
      ['list', '/api/v1/catalog?page=1'],
    ] as const) {
      for (const b of bases) {
        const probe = await fetch(`${b}${path}`, { headers });
        const body = (await probe.json()) as { total: number; items: unknown[] };
        if (probe.status !== 200) throw new Error(`${path} answered ${probe.status}: ${JSON.stringify(body).slice(0, 300)}`);
        if (b === base) console.log(`  ${path}: ${body.total} matching, ${body.items.length} on the page, ${bases.length} API instance(s)`);
      }
      // autocannon spreads the connections over the instances, as a load balancer would.
      const run = await autocannon({ url: urls(bases, path), headers, connections: 32, duration: 10 });
      if (run.non2xx > 0 || run.errors > 0) throw new Error(`catalog ${label} bench saw ${run.non2xx} non-2xx answers and ${run.errors} errors`);
      report({ name: `catalog_${label}_throughput`, value: round(run.requests.average, 0), unit: 'req/s', budget: '>= 3000 req/s' });
      report({ name: `catalog_${label}_latency_p95`, value: p95Bound(run), unit: 'ms', budget: '< 50 ms' });
    }

    // My courses (the same budget as the catalog): a learner with 12 enrollments, first page. Not
    // cached: two indexed queries per request (count and page) against PostgreSQL.
    const [me] = await db.query(`SELECT employee_id, tenant_id FROM user_account WHERE email = $1`, [learnerEmail]);
    await db.query(
      `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at, due_at)
       SELECT c.tenant_id, $2, c.id, c.published_version, 'active', 'self', now(), now() + interval '30 days'
         FROM course c WHERE c.tenant_id = $1 AND c.published_version > 0 ORDER BY c.id LIMIT 12`,
      [me.tenant_id, me.employee_id],
    );
    const mine = await fetch(`${base}/api/v1/me/courses`, { headers });
    const mineBody = (await mine.json()) as { total: number };
    if (mine.status !== 200 || mineBody.total !== 12) throw new Error(`/me/courses answered ${mine.status}: ${JSON.stringify(mineBody).slice(0, 300)}`);
    const myRun = await autocannon({ url: urls(bases, '/api/v1/me/courses'), headers, connections: 32, duration: 10 });
    if (myRun.non2xx > 0 || myRun.errors > 0) throw new Error(`my-courses bench saw ${myRun.non2xx} non-2xx answers and ${myRun.errors} errors`);
    report({ name: 'my_courses_throughput', value: round(myRun.requests.average, 0), unit: 'req/s', budget: '>= 3000 req/s' });
    report({ name: 'my_courses_latency_p95', value: p95Bound(myRun), unit: 'ms', budget: '< 50 ms' });

    // For reference (no budget): every request a different search, so every one misses the answer
    // cache and reads PostgreSQL (the same 400 matches: "pelayanan or <unique word>").
    let n = 0;
    const misses = await autocannon({
      url: urls(bases, '/api/v1/catalog'),
      headers,
      connections: 32,
      duration: 10,
      requests: [{ setupRequest: (req) => ({ ...req, path: `/api/v1/catalog?q=pelayanan%20or%20kata${n++}` }) }],
    });
    if (misses.non2xx > 0 || misses.errors > 0) throw new Error(`catalog miss bench saw ${misses.non2xx} non-2xx answers and ${misses.errors} errors`);
    report({ name: 'catalog_search_uncached_throughput', value: round(misses.requests.average, 0), unit: 'req/s' });
    report({ name: 'catalog_search_uncached_latency_p95', value: p95Bound(misses), unit: 'ms' });
  } finally {
    // autocannon leaves its last requests unanswered; let the instances finish them before stopping.
    await new Promise((r) => setTimeout(r, 1000));
    await Promise.all(more.map((m) => m.stop()));
  }
}

/** autocannon takes several URLs and spreads its connections over them (its README); its types allow one. */
const urls = (bases: string[], path: string) => bases.map((b) => `${b}${path}`) as unknown as string;

/** One more API process, started as bench/main.ts starts the first. */
async function startApi(launch: ApiLaunch, port: number): Promise<{ base: string; stop: () => Promise<void> }> {
  const root = resolve(__dirname, '../..');
  const child: ChildProcess = spawn(process.execPath, ['-r', join(root, 'tools/paths.js'), join(root, 'dist/apps/api/src/main.js')], {
    cwd: mkdtempSync(join(tmpdir(), 'mahir-bench-cwd-')),
    env: { ...launch.env, API_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${base}/health/ready`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, stop };
}
