import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { CourseDocument } from '@mahir/course';
import { createDataSource, dropDatabase, ensureDatabase, loadReferenceData, writeOutbox } from '@mahir/persistence';
import { sweepReminders } from '../apps/worker/src/reminders/reminder-sweep.handler';
import { freePort, report, round, waitReady } from './harness';

const root = resolve(__dirname, '../..');
type Db = ReturnType<typeof createDataSource>;
/** 10:00 WIB, 11:00 WITA, 12:00 WIT on a Monday in October: every zone in office hours, JP shortfall season. */
const AS_OF = new Date('2026-10-05T03:00:00Z');

/**
 * Notifications, on a database of their own (no other benchmark's rows interfere):
 * (a) the reminder sweep over `enrollments` active enrollments (budget < 60 s), run in process
 *     against the database exactly as the worker's job runs it: every rule evaluated, reminder_log
 *     written, one outbox row per new reminder; then the same sweep again (all deduped);
 * (b) mail throughput (budget ≥ 200 mails/s): `mails` 'notification.requested' events committed
 *     at once; the worker (a process of its own) relays, renders, records and sends them to an
 *     SMTP server on loopback that accepts and discards; the rate is the count over the time from
 *     the commit to the last message received.
 */
export async function benchNotifications(
  baseEnv: Record<string, string | undefined>,
  { enrollments = 100_000, mails = 4_000 }: { enrollments?: number; mails?: number } = {},
): Promise<void> {
  const run = Date.now().toString(36);
  const received: number[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received.push(Date.now());
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const env = {
    ...baseEnv,
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/mahir_bench_notify_${run}`,
    DATABASE_POOL_SIZE: '20',
    QUEUE_PREFIX: `{mahir-bench-notify-${run}}`,
    WORKER_PORT: String(await freePort()),
    WORKER_CONCURRENCY: '32',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  };
  await ensureDatabase(env.DATABASE_URL);
  const ds = await createDataSource({ url: env.DATABASE_URL, poolSize: 4 }).initialize();
  let worker: ChildProcess | undefined;
  try {
    await ds.runMigrations({ transaction: 'each' });
    await loadReferenceData(ds);
    const employeeIds = await fixtures(ds, enrollments);
    await ds.query('ANALYZE');

    // (a) The sweep, twice at the same instant: the second finds every key logged.
    const t0 = process.hrtime.bigint();
    const first = await sweepReminders(ds, AS_OF);
    const sweepSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const t1 = process.hrtime.bigint();
    const again = await sweepReminders(ds, AS_OF);
    const againSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    const total = Object.values(first.enqueued).reduce((a, b) => a + b, 0);
    const [{ outbox }] = await ds.query(`SELECT count(*)::int AS outbox FROM outbox_event WHERE name = 'notification.requested'`);
    if (outbox !== total || Object.values(again.enqueued).some((n) => n !== 0)) throw new Error(`notification bench: sweep enqueued ${total}, outbox ${outbox}, again ${JSON.stringify(again.enqueued)}`);
    console.log(`  reminder sweep over ${enrollments} active enrollments: ${JSON.stringify(first.enqueued)}; ms per rule ${JSON.stringify(first.ms)}`);
    report({ name: 'reminder_sweep_100k_enrollments', value: round(sweepSeconds, 2), unit: 's', budget: '< 60 s', note: `${total} reminders enqueued` });
    report({ name: 'reminder_sweep_repeat_same_day', value: round(againSeconds, 2), unit: 's', note: '0 enqueued (deduped)' });

    // (b) Throughput. The sweep's rows are not part of it: mark them relayed, and retire the bench's employees so
    // the worker's own scheduled sweep (it runs at start) finds nothing; the notification consumer does not look at status.
    await ds.query(`UPDATE outbox_event SET published_at = now() WHERE published_at IS NULL`);
    await ds.query(`UPDATE employee SET status = 'retired'`);
    worker = spawn(process.execPath, ['-r', join(root, 'tools/paths.js'), join(root, 'dist/apps/worker/src/main.js')], {
      cwd: mkdtempSync(join(tmpdir(), 'mahir-bench-worker-')),
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitReady(`http://127.0.0.1:${env.WORKER_PORT}/health/ready`);
    const [{ id: tenantId }] = await ds.query(`SELECT id FROM tenant WHERE code = 'BENCHWIB'`);
    const send = (ids: string[]) =>
      ds.transaction((tx) =>
        writeOutbox(tx, ids.map((employeeId, i) => ({
          name: 'notification.requested' as const, tenantId,
          payload: { tenantId, employeeId, kind: 'reminder.due', data: { courseTitle: 'Orientasi ASN', dueDate: '2026-10-12', days: 7, progressPercent: i % 100 } },
        }))),
      );
    // Warm-up: connections, the SMTP pool, prepared plans.
    await send(employeeIds.slice(0, 200));
    await waitReceived(received, 200, 60_000);
    received.length = 0;
    const started = Date.now();
    await send(employeeIds.slice(200, 200 + mails));
    await waitReceived(received, mails, 120_000);
    const seconds = (Math.max(...received) - started) / 1000;
    // The server accepts a message just before its delivery row commits as sent: give the last commits a moment.
    for (let until = Date.now() + 10_000; ; ) {
      const [{ sent }] = await ds.query(`SELECT count(*)::int AS sent FROM notification_delivery WHERE status = 'sent'`);
      if (sent === 200 + mails && received.length === mails) break;
      if (Date.now() > until) throw new Error(`notification bench: ${sent} deliveries marked sent, ${received.length} received, for ${200 + mails} mails`);
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log(`  mails: ${mails} delivered in ${round(seconds, 2)} s`);
    report({ name: 'notification_mail_throughput', value: round(mails / seconds, 0), unit: 'mails/s', budget: '≥ 200 mails/s' });
  } finally {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker?.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await ds.destroy();
    if (!process.env.KEEP_BENCH_DB) await dropDatabase(env.DATABASE_URL);
    await new Promise<void>((r) => smtp.close(() => r()));
  }
}

/**
 * One agency per zone; `enrollments / 2` employees (a supervisor for every ten), each actively enrolled
 * in two courses. Due dates spread over −10 … +9 days around AS_OF and last activity over the past 30 days,
 * so every rule has work: due in 7 or 1 days, overdue, inactive, supervisor digests; 5 % also request a
 * third course (approval digests); nobody has JP yet (shortfall reminders with recommended courses).
 */
async function fixtures(ds: Db, enrollments: number): Promise<string[]> {
  const perZone = Math.ceil(enrollments / 2 / 3);
  const competencies: { id: string }[] = await ds.query(`SELECT id FROM competency WHERE tenant_id IS NULL ORDER BY code`);
  const ids: string[] = [];
  for (const zone of ['WIB', 'WITA', 'WIT']) {
    const [{ id: tenantId }] = await ds.query(`INSERT INTO tenant (code, name, time_zone) VALUES ($1, $2, $3) RETURNING id`, [`BENCH${zone}`, `Instansi Bench ${zone}`, zone]);
    const [{ id: unitId }] = await ds.query(`INSERT INTO unit (tenant_id, code, name) VALUES ($1, 'SETDA', 'Setda') RETURNING id`, [tenantId]);
    const [{ id: positionId }] = await ds.query(`INSERT INTO position (tenant_id, code, name, position_class) VALUES ($1, 'STAF', 'Staf', 'pelaksana') RETURNING id`, [tenantId]);
    await ds.query(
      `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id)
       SELECT $1, to_char(date '1970-01-01' + (n / 999), 'YYYYMMDD') || '2010011' || lpad((n % 999 + 1)::text, 3, '0'), 'Pegawai ' || n, 'p' || n || '@' || lower($4) || '.bench.go.id', $2, $3
       FROM generate_series(0, $5 - 1) AS n`,
      [tenantId, unitId, positionId, zone, perZone],
    );
    await ds.query(
      `WITH numbered AS (SELECT id, row_number() OVER (ORDER BY nip) - 1 AS n FROM employee WHERE tenant_id = $1)
       UPDATE employee e SET supervisor_id = s.id FROM numbered m JOIN numbered s ON s.n = (m.n / 10) * 10
       WHERE e.id = m.id AND m.n % 10 <> 0`,
      [tenantId],
    );
    const courses: string[] = [];
    for (const [i, title] of ['Orientasi ASN', 'Pelayanan Publik', 'Integritas'].entries()) {
      const doc: CourseDocument = {
        title, summary: 'Bench', description: '', coverObjectKey: null, category: null, language: 'id', jpMinutes: 90 * (i + 1),
        competencies: competencies.slice(i * 3, i * 3 + 3).map((c) => ({ competencyId: c.id, level: 2, validityMonths: null })),
        enrollmentPolicy: 'open', visibility: 'tenant', certificateTemplateId: null, grading: { passMark: 70, weights: [], attemptsAllowed: null },
        prerequisites: [], questionBank: [],
        modules: [{ id: 'm1', title: 'Modul', lessons: [{ id: 't1', kind: 'text' as const, title: 't1', required: true, estimatedMinutes: 45, markdown: 'Materi.' }] }],
      };
      const [{ id: courseId }] = await ds.query(`INSERT INTO course (tenant_id, published_version) VALUES ($1, 1) RETURNING id`, [tenantId]);
      await ds.query(`INSERT INTO course_version (course_id, version, tenant_id, title, document) VALUES ($1, 1, $2, $3, $4)`, [courseId, tenantId, title, doc]);
      await ds.query(
        `INSERT INTO course_catalog (course_id, tenant_id, version, visibility, title, summary, language, jp_minutes, enrollment_policy, competencies, competency_ids, published_at, search)
         VALUES ($1, $2, 1, 'tenant', $3, 'Bench', 'id', $4, 'open', $5, $6::uuid[], now(), to_tsvector('simple', $3))`,
        [courseId, tenantId, title, doc.jpMinutes, JSON.stringify(doc.competencies), doc.competencies.map((c) => c.competencyId)],
      );
      courses.push(courseId);
    }
    await ds.query(
      `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at, due_at, last_activity_at, progress_percent)
       SELECT $1, e.id, c.course_id, 1, 'active', 'assigned', $3::timestamptz - interval '60 days',
              $3::timestamptz + make_interval(days => (abs(hashtext(e.id::text || c.course_id)) % 20) - 10),
              $3::timestamptz - make_interval(days => abs(hashtext(c.course_id || e.id::text)) % 30), abs(hashtext(e.id::text)) % 100
       FROM employee e CROSS JOIN unnest($2::uuid[]) AS c(course_id) WHERE e.tenant_id = $1`,
      [tenantId, courses.slice(0, 2), AS_OF],
    );
    await ds.query(
      `INSERT INTO enrollment (tenant_id, employee_id, course_id, status, origin, requested_at)
       SELECT $1, e.id, $2, 'requested', 'self', $3::timestamptz - interval '3 days' FROM employee e
       WHERE e.tenant_id = $1 AND abs(hashtext(e.id::text)) % 20 = 0`,
      [tenantId, courses[2], AS_OF],
    );
    const rows: { id: string }[] = await ds.query(`SELECT id FROM employee WHERE tenant_id = $1 ORDER BY nip`, [tenantId]);
    if (zone === 'WIB') ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

async function waitReceived(received: number[], count: number, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (received.length < count) {
    if (Date.now() > until) throw new Error(`notification bench: ${received.length} of ${count} mails within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}


