import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { formatCertificateNumber, newVerificationCode } from '@mahir/certificate';
import { createDataSource, dropDatabase, ensureDatabase, loadReferenceData, writeOutbox } from '@mahir/persistence';
import { createStorageClient } from '@mahir/storage';
import { qrDataUrl } from '../apps/certificates/src/issue/certificate-issuer';
import { renderDefaultTemplate } from '../apps/certificates/src/render/certificate-template';
import { PdfRenderer } from '../apps/certificates/src/render/pdf-renderer';
import { generateDemoSigningKey, signPdf } from '../apps/certificates/src/render/pdf-signer';
import { completableEnrollments } from './completion-bench';
import { freePort, percentile, report, round, waitReady } from './harness';

const root = resolve(__dirname, '../..');

/**
 * The generator's per-certificate work, as CertificateIssuer.produce does it, in this process:
 * QR code + default template + Chromium render (warm page pool, micro-batched) + PAdES signature +
 * store in S3. The database transactions around it (reserve, issue) and the queue are not
 * included: see docs/benchmarks.md. Three measurements after a warm-up:
 * - sustained: certificates requested at a fixed rate (CERTIFICATE_BENCH_RATE, default 25/s) for
 *   10 s, as completions arrive; the rate achieved and each certificate's latency;
 * - capacity: as many in flight as the generator keeps (pages × (batch + 1)), the most per second;
 * - serial: one at a time, the work of one certificate without queueing.
 */
export async function benchCertificates(env: Record<string, string | undefined>, count = 300): Promise<void> {
  const pages = Number(env.CERTIFICATE_RENDER_PAGES ?? 2);
  const batch = Number(env.CERTIFICATE_RENDER_BATCH ?? 8);
  const rate = Number(env.CERTIFICATE_BENCH_RATE ?? 25);
  const renderer = new PdfRenderer({ executablePath: env.CHROMIUM_PATH ?? '/usr/bin/chromium', pages, batch });
  await renderer.start();
  const storage = createStorageClient({ S3_ENDPOINT: env.S3_ENDPOINT as string, S3_REGION: 'us-east-1', S3_ACCESS_KEY: env.S3_ACCESS_KEY as string, S3_SECRET_KEY: env.S3_SECRET_KEY as string });
  const bucket = env.S3_BUCKET as string;
  const key = generateDemoSigningKey('Pemerintah Provinsi Bench', 'BENCH');
  let sequence = 0;
  const one = async (): Promise<number> => {
    const started = performance.now();
    const n = ++sequence;
    const code = newVerificationCode();
    const url = `https://mahir.example.go.id/verify/${code}`;
    const html = renderDefaultTemplate({
      agencyName: 'Pemerintah Provinsi Bench', number: formatCertificateNumber('BENCH', 2026, n), holderName: `Siti Rahmawati ${n}`, holderNip: '198503152010012001',
      courseTitle: 'Tata Kelola Arsip Pemerintahan', jp: '20', jpMinutes: 900, completedDate: '15 Agustus 2026', issuedDate: '15 Agustus 2026', expiresDate: null,
      completedAt: '2026-08-15T03:00:00Z', issuedAt: '2026-08-15T03:00:00Z', expiresAt: null, timeZone: 'WIB',
      competencies: [{ name: 'Integritas', typeLabel: 'Sosial Kultural', level: 3 }, { name: 'Pengelolaan Arsip Dinamis', typeLabel: 'Teknis', level: 2 }],
      verificationCode: code, verificationUrl: url, qrDataUrl: await qrDataUrl(url),
      issuePlace: 'Jakarta', signatoryName: 'Pejabat Penandatangan', signatoryPosition: 'Kepala Badan', signatoryNip: null,
    });
    const pdf = await renderer.render(html);
    const signed = await signPdf(pdf, key, { name: 'Bench', reason: `Sertifikat ${n}`, location: 'Indonesia', signingTime: new Date() });
    createHash('sha256').update(signed).digest('hex');
    await storage.putObject(bucket, `bench/certificates/${code}.pdf`, signed, signed.length, { 'Content-Type': 'application/pdf' });
    return performance.now() - started;
  };
  /** As many in flight as `concurrency` allows, `total` in all. */
  const closedLoop = async (total: number, concurrency: number) => {
    const timings: number[] = [];
    let left = total;
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (left-- > 0) timings.push(await one());
    }));
    return { seconds: (performance.now() - started) / 1000, timings: timings.sort((a, b) => a - b) };
  };
  /** Requests started at `perSecond` for `seconds`, whatever is still in flight. */
  const openLoop = async (perSecond: number, seconds: number) => {
    const total = Math.round(perSecond * seconds);
    const started = performance.now();
    const runs: Promise<number>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      runs.push(one());
    }
    const timings = (await Promise.all(runs)).sort((a, b) => a - b);
    return { achieved: total / ((performance.now() - started) / 1000), timings };
  };
  try {
    await closedLoop(pages * (batch + 1) * 3, pages * (batch + 1)); // warm-up: pages, fonts, JIT
    const sustained = await openLoop(rate, 10);
    report({ name: 'certificate_sustained_rate', value: round(sustained.achieved, 1), unit: 'cert/s', budget: `>= 20 cert/s (offered ${rate}/s)` });
    report({ name: 'certificate_latency_p50', value: round(percentile(sustained.timings, 50)), unit: 'ms', budget: '< 150 ms' });
    report({ name: 'certificate_latency_p95', value: round(percentile(sustained.timings, 95)), unit: 'ms' });
    const capacity = await closedLoop(count, pages * (batch + 1));
    report({ name: 'certificate_capacity', value: round(count / capacity.seconds, 1), unit: 'cert/s' });
    // The serial cost alone (one at a time), to separate queueing from work.
    const serial: number[] = [];
    for (let i = 0; i < 20; i++) serial.push(await one());
    report({ name: 'certificate_serial_p50', value: round(percentile(serial.sort((a, b) => a - b), 50)), unit: 'ms' });
  } finally {
    await renderer.close();
  }
}

/** Enrollments announced before measuring: Chromium pages, fonts, the signing key, connections, JIT. */
const LATENCY_WARM_UP = 20;
const LATENCY_TICK_MS = 50;

/**
 * Completion → certificate downloadable (budget: p95 < 3 s at 20 completions/s). A database of its
 * own; the worker (completion, outbox relay) and the certificate generator as processes of their
 * own. 'enrollment.progressed' events for completable enrollments are committed to the outbox at
 * `rate`/s for `seconds`, as the progress route would; the latency of each is its event's
 * created_at → its certificate_file row's created_at (the transaction that turns the certificate
 * 'valid' after the PDF is stored: from then on it can be downloaded).
 */
export async function benchCertificateLatency(
  baseEnv: Record<string, string | undefined>,
  { rate = 20, seconds = 10 }: { rate?: number; seconds?: number } = {},
): Promise<void> {
  const run = Date.now().toString(36);
  // The worker mails 'certificate.issued' to each holder: a loopback SMTP server accepts and discards,
  // as a mail relay would (with nothing listening, every mail would fail and be retried).
  const smtp = new SMTPServer({ disabledCommands: ['STARTTLS', 'AUTH'], authOptional: true, logger: false, onData: (stream, _session, callback) => { stream.on('end', () => callback()); stream.resume(); } });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const env = {
    ...baseEnv,
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/mahir_bench_certlat_${run}`,
    DATABASE_POOL_SIZE: '10',
    QUEUE_PREFIX: `{mahir-bench-certlat-${run}}`,
    WORKER_CONCURRENCY: '8',
    CHROMIUM_PATH: baseEnv.CHROMIUM_PATH ?? '/usr/bin/chromium',
  };
  await ensureDatabase(env.DATABASE_URL);
  const ds = await createDataSource({ url: env.DATABASE_URL, poolSize: 4 }).initialize();
  const children: ChildProcess[] = [];
  const start = async (app: 'worker' | 'certificates', portVariable: string) => {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', join(root, 'tools/paths.js'), join(root, `dist/apps/${app}/src/main.js`)], {
      cwd: mkdtempSync(join(tmpdir(), `mahir-bench-${app}-`)),
      env: { ...env, [portVariable]: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    await waitReady(`http://127.0.0.1:${port}/health/ready`);
  };
  try {
    await ds.runMigrations({ transaction: 'each' });
    await loadReferenceData(ds);
    const { tenantId, enrollmentIds } = await completableEnrollments(ds, LATENCY_WARM_UP + rate * seconds);
    await Promise.all([start('worker', 'WORKER_PORT'), start('certificates', 'CERTIFICATES_PORT')]);

    const announce = (ids: string[]) =>
      ds.transaction((tx) => writeOutbox(tx, ids.map((enrollmentId) => ({ name: 'enrollment.progressed' as const, tenantId, payload: { tenantId, enrollmentId } }))));
    await announce(enrollmentIds.slice(0, LATENCY_WARM_UP));
    await waitDownloadable(ds, enrollmentIds.slice(0, LATENCY_WARM_UP), 60_000);

    const measured = enrollmentIds.slice(LATENCY_WARM_UP);
    const perTick = Math.max(1, Math.round((rate * LATENCY_TICK_MS) / 1000));
    const tickMs = (perTick * 1000) / rate;
    const started = Date.now();
    for (let tick = 0; tick * perTick < measured.length; tick++) {
      const due = started + tick * tickMs; // paced against the start: a slow commit does not lower the offered rate
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      await announce(measured.slice(tick * perTick, (tick + 1) * perTick));
    }
    const offeredSeconds = (Date.now() - started) / 1000;
    await waitDownloadable(ds, measured, 120_000);

    const rows: { latency_ms: number; completion_ms: number; queued_ms: number; work_ms: number; stored_at: Date }[] = await ds.query(
      `SELECT extract(epoch FROM (f.created_at - o.created_at)) * 1000 AS latency_ms, f.created_at AS stored_at,
         extract(epoch FROM (e.completed_at - o.created_at)) * 1000 AS completion_ms,
         extract(epoch FROM (c.issued_at - e.completed_at)) * 1000 AS queued_ms,
         extract(epoch FROM (f.created_at - c.issued_at)) * 1000 AS work_ms
       FROM certificate c
       JOIN enrollment e ON e.id = c.enrollment_id
       JOIN certificate_file f ON f.certificate_id = c.id AND f.reason = 'issue'
       JOIN outbox_event o ON o.name = 'enrollment.progressed' AND o.payload->>'enrollmentId' = c.enrollment_id::text
       WHERE c.enrollment_id = ANY($1::uuid[]) AND c.status = 'valid'`,
      [measured],
    );
    if (rows.length !== measured.length) throw new Error(`certificate latency bench: ${rows.length} certificates for ${measured.length} completions`);
    const latencies = rows.map((r) => Number(r.latency_ms)).sort((a, b) => a - b);
    const times = rows.map((r) => r.stored_at.getTime()).sort((a, b) => a - b);
    console.log(`  certificates: ${measured.length} completions offered over ${round(offeredSeconds, 1)} s, ${rows.length} certificates downloadable`);
    report({ name: 'certificate_e2e_offered_rate', value: round(measured.length / offeredSeconds, 1), unit: 'completions/s' });
    report({ name: 'certificate_e2e_throughput', value: round(measured.length / ((times[times.length - 1] - started) / 1000), 1), unit: 'cert/s' });
    report({ name: 'completion_to_certificate_p50', value: round(percentile(latencies, 50)), unit: 'ms' });
    report({ name: 'completion_to_certificate_p95', value: round(percentile(latencies, 95)), unit: 'ms', budget: `< 3000 ms at 20 completions/s (offered: ${rate}/s)` });
    report({ name: 'completion_to_certificate_max', value: round(latencies[latencies.length - 1]), unit: 'ms' });
    // Where the time goes (p50 of each leg): event → enrollment completed (worker), completed →
    // certificate reserved (relay + queue wait in the generator), reserved → file stored (render, sign, store).
    const p50 = (key: 'completion_ms' | 'queued_ms' | 'work_ms') => round(percentile(rows.map((r) => Number(r[key])).sort((a, b) => a - b), 50));
    console.log(`  legs p50: completion ${p50('completion_ms')} ms, relay + queue ${p50('queued_ms')} ms, render + sign + store ${p50('work_ms')} ms`);
  } finally {
    for (const child of children) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await ds.destroy();
    await dropDatabase(env.DATABASE_URL);
    await new Promise<void>((r) => smtp.close(() => r()));
  }
}

async function waitDownloadable(ds: ReturnType<typeof createDataSource>, ids: string[], timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM certificate WHERE enrollment_id = ANY($1::uuid[]) AND status = 'valid'`, [ids]);
    if (n === ids.length) return;
    if (Date.now() > until) throw new Error(`certificate latency bench: ${n} of ${ids.length} certificates valid within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
