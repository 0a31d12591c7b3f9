import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CourseDocument } from '@mahir/course';
import { createDataSource, dropDatabase, ensureDatabase, loadReferenceData, writeOutbox } from '@mahir/persistence';
import { freePort, percentile, report, round, waitReady } from './harness';

const root = resolve(__dirname, '../..');
const TICK_MS = 50;
/** Completions run before measuring: connections, prepared plans, JIT. */
const WARM_UP = 100;

/**
 * Completion → ledger (budget: p99 < 1 s at a sustained 200 completions/s). The worker runs as a
 * process of its own on a database of its own, so no other benchmark's rows or jobs interfere.
 * Every 50 ms ten 'enrollment.progressed' events for completable enrollments (required lessons
 * done) are committed to the outbox, as the progress route would; the latency of each is its
 * event's created_at → the enrollment's completed_at, which is also the ledger entries' recorded_at
 * (both are written in the one completion transaction).
 */
export async function benchCompletion(
  baseEnv: Record<string, string | undefined>,
  { rate = 200, seconds = 10 }: { rate?: number; seconds?: number } = {},
): Promise<void> {
  const run = Date.now().toString(36);
  const env = {
    ...baseEnv,
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/mahir_bench_completion_${run}`,
    DATABASE_POOL_SIZE: '20',
    QUEUE_PREFIX: `{mahir-bench-completion-${run}}`,
    WORKER_PORT: String(await freePort()),
    WORKER_CONCURRENCY: '16',
  };
  await ensureDatabase(env.DATABASE_URL);
  const ds = await createDataSource({ url: env.DATABASE_URL, poolSize: 4 }).initialize();
  let worker: ChildProcess | undefined;
  try {
    await ds.runMigrations({ transaction: 'each' });
    await loadReferenceData(ds);
    const total = WARM_UP + rate * seconds;
    const { tenantId, enrollmentIds } = await completableEnrollments(ds, total);
    worker = spawn(process.execPath, ['-r', join(root, 'tools/paths.js'), join(root, 'dist/apps/worker/src/main.js')], {
      cwd: mkdtempSync(join(tmpdir(), 'mahir-bench-worker-')),
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitReady(`http://127.0.0.1:${env.WORKER_PORT}/health/ready`);

    const announce = (ids: string[]) =>
      ds.transaction((tx) => writeOutbox(tx, ids.map((enrollmentId) => ({ name: 'enrollment.progressed' as const, tenantId, payload: { tenantId, enrollmentId } }))));
    // Warm-up: connections, prepared plans, JIT.
    await announce(enrollmentIds.slice(0, WARM_UP));
    await waitCompleted(ds, enrollmentIds.slice(0, WARM_UP), 30_000);

    const measured = enrollmentIds.slice(WARM_UP);
    const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
    const started = Date.now();
    for (let tick = 0; tick * perTick < measured.length; tick++) {
      // Paced against the start, so a slow commit does not lower the offered rate.
      const due = started + tick * TICK_MS;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      await announce(measured.slice(tick * perTick, (tick + 1) * perTick));
    }
    const offeredSeconds = (Date.now() - started) / 1000;
    await waitCompleted(ds, measured, 60_000);

    const rows: { latency_ms: number; completed_at: Date }[] = await ds.query(
      `SELECT extract(epoch FROM (e.completed_at - o.created_at)) * 1000 AS latency_ms, e.completed_at
       FROM enrollment e JOIN outbox_event o ON o.name = 'enrollment.progressed' AND o.payload->>'enrollmentId' = e.id::text
       WHERE e.id = ANY($1::uuid[])`,
      [measured],
    );
    const latencies = rows.map((r) => Number(r.latency_ms)).sort((a, b) => a - b);
    const times = rows.map((r) => r.completed_at.getTime()).sort((a, b) => a - b);
    const [{ entries }] = await ds.query(
      `SELECT count(*)::int AS entries FROM ledger_entry WHERE source = 'course_completion' AND split_part(source_ref, ':', 1) = ANY($1::text[])`,
      [measured],
    );
    if (entries !== measured.length * 2) throw new Error(`completion bench: ${entries} ledger entries for ${measured.length} completions`);
    console.log(`  completions: ${measured.length} offered over ${round(offeredSeconds, 1)} s, ${entries} ledger entries`);
    report({ name: 'completion_offered_rate', value: round(measured.length / offeredSeconds, 0), unit: 'completions/s' });
    report({ name: 'completion_throughput', value: round(measured.length / ((times[times.length - 1] - started) / 1000), 0), unit: 'completions/s' });
    report({ name: 'completion_to_ledger_p50', value: round(percentile(latencies, 50)), unit: 'ms' });
    report({ name: 'completion_to_ledger_p99', value: round(percentile(latencies, 99)), unit: 'ms', budget: `< 1000 ms at 200 completions/s (offered: ${rate}/s)` });
    report({ name: 'completion_to_ledger_max', value: round(latencies[latencies.length - 1]), unit: 'ms' });
  } finally {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker?.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await ds.destroy();
    await dropDatabase(env.DATABASE_URL);
  }
}

/** `count` learners, each actively enrolled in one two-lesson course with both lessons done: one event completes each. */
export async function completableEnrollments(ds: ReturnType<typeof createDataSource>, count: number): Promise<{ tenantId: string; enrollmentIds: string[] }> {
  const [{ id: tenantId }] = await ds.query(`INSERT INTO tenant (code, name, time_zone) VALUES ('BENCHSPINE', 'Instansi Bench', 'WIB') RETURNING id`);
  const [{ id: unitId }] = await ds.query(`INSERT INTO unit (tenant_id, code, name) VALUES ($1, 'SETDA', 'Setda') RETURNING id`, [tenantId]);
  const [{ id: positionId }] = await ds.query(`INSERT INTO position (tenant_id, code, name, position_class) VALUES ($1, 'STAF', 'Staf', 'pelaksana') RETURNING id`, [tenantId]);
  await ds.query(
    `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id)
     SELECT $1, to_char(date '1970-01-01' + (n / 999), 'YYYYMMDD') || '2010011' || lpad((n % 999 + 1)::text, 3, '0'), 'Pegawai ' || n, 'p' || n || '@bench.go.id', $2, $3
     FROM generate_series(0, $4 - 1) AS n`,
    [tenantId, unitId, positionId, count],
  );
  const competencies: { id: string }[] = await ds.query(`SELECT id FROM competency WHERE tenant_id IS NULL ORDER BY code LIMIT 2`);
  const doc: CourseDocument = {
    title: 'Orientasi ASN', summary: 'Bench', description: '', coverObjectKey: null, category: null, language: 'id', jpMinutes: 90,
    competencies: competencies.map((c, i) => ({ competencyId: c.id, level: 2, validityMonths: i === 0 ? 24 : null })),
    enrollmentPolicy: 'open', visibility: 'tenant', certificateTemplateId: null, grading: { passMark: 70, weights: [], attemptsAllowed: null },
    prerequisites: [], questionBank: [],
    modules: [{ id: 'm1', title: 'Modul', lessons: ['t1', 't2'].map((id) => ({ id, kind: 'text' as const, title: id, required: true, estimatedMinutes: 45, markdown: 'Materi.' })) }],
  };
  const [{ id: courseId }] = await ds.query(`INSERT INTO course (tenant_id, published_version) VALUES ($1, 1) RETURNING id`, [tenantId]);
  await ds.query(`INSERT INTO course_version (course_id, version, tenant_id, title, document) VALUES ($1, 1, $2, $3, $4)`, [courseId, tenantId, doc.title, doc]);
  const enrollments: { id: string }[] = await ds.query(
    `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at)
     SELECT $1, id, $2, 1, 'active', 'self', now() FROM employee WHERE tenant_id = $1 ORDER BY nip RETURNING id`,
    [tenantId, courseId],
  );
  const enrollmentIds = enrollments.map((e) => e.id);
  await ds.query(
    `INSERT INTO lesson_progress (enrollment_id, lesson_id, tenant_id, started_at, percent, completed_at, updated_at)
     SELECT e, l, $1, now(), 100, now(), now() FROM unnest($2::uuid[]) AS e, unnest(ARRAY['t1', 't2']) AS l`,
    [tenantId, enrollmentIds],
  );
  return { tenantId, enrollmentIds };
}

export async function waitCompleted(ds: ReturnType<typeof createDataSource>, ids: string[], timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM enrollment WHERE id = ANY($1::uuid[]) AND status = 'completed'`, [ids]);
    if (n === ids.length) return;
    if (Date.now() > until) throw new Error(`completion bench: ${n} of ${ids.length} completed within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A port the OS says is free now (the other benches' processes take theirs at random). */

