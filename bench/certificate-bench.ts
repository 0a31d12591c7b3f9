import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { formatCertificateNumber, newVerificationCode } from '@mahir/certificate';
import { createStorageClient } from '@mahir/storage';
import { renderDefaultTemplate } from '../apps/certificates/src/render/certificate-template';
import { PdfRenderer } from '../apps/certificates/src/render/pdf-renderer';
import { generateDemoSigningKey, signPdf } from '../apps/certificates/src/render/pdf-signer';
import { percentile, report, round } from './harness';

/**
 * The generator's per-certificate work, as CertificateIssuer.produce does it, in this process:
 * QR code + default template + Chromium render (warm page pool) + PAdES signature + store in S3.
 * `count` certificates at `concurrency`, after a warm-up. The database transactions around it
 * (reserve, issue) and the queue are not included: see docs/benchmarks.md.
 */
export async function benchCertificates(env: Record<string, string | undefined>, count = 200): Promise<void> {
  const pages = Number(env.CERTIFICATE_RENDER_PAGES ?? 2);
  const concurrency = pages + 2;
  const renderer = new PdfRenderer({ executablePath: env.CHROMIUM_PATH ?? '/usr/bin/chromium', pages });
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
      verificationCode: code, verificationUrl: url, qrDataUrl: await QRCode.toDataURL(url, { margin: 0, errorCorrectionLevel: 'M', width: 240 }),
      issuePlace: 'Jakarta', signatoryName: 'Pejabat Penandatangan', signatoryPosition: 'Kepala Badan', signatoryNip: null,
    });
    const pdf = await renderer.render(html);
    const signed = await signPdf(pdf, key, { name: 'Bench', reason: `Sertifikat ${n}`, location: 'Indonesia', signingTime: new Date() });
    createHash('sha256').update(signed).digest('hex');
    await storage.putObject(bucket, `bench/certificates/${code}.pdf`, signed, signed.length, { 'Content-Type': 'application/pdf' });
    return performance.now() - started;
  };
  const run = async (total: number) => {
    const timings: number[] = [];
    let left = total;
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (left-- > 0) timings.push(await one());
    }));
    return { seconds: (performance.now() - started) / 1000, timings: timings.sort((a, b) => a - b) };
  };
  try {
    await run(concurrency * 3); // warm-up: pages, fonts, JIT
    const { seconds, timings } = await run(count);
    report({ name: 'certificate_throughput', value: round(count / seconds, 1), unit: 'cert/s', budget: '>= 20 cert/s' });
    report({ name: 'certificate_latency_p50', value: round(percentile(timings, 50)), unit: 'ms', budget: '< 150 ms' });
    report({ name: 'certificate_latency_p95', value: round(percentile(timings, 95)), unit: 'ms' });
    // The serial cost alone (one at a time), to separate queueing from work.
    const serial: number[] = [];
    for (let i = 0; i < 20; i++) serial.push(await one());
    report({ name: 'certificate_serial_p50', value: round(percentile(serial.sort((a, b) => a - b), 50)), unit: 'ms' });
  } finally {
    await renderer.close();
  }
}
