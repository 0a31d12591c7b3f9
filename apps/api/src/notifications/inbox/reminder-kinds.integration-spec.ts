import { Queue } from 'bullmq';
import { QUEUES } from '@mahir/jobs';
import { appendLedgerEntries, writeOutboxEvent } from '@mahir/persistence';
import { insertCertificate } from '../../certification/certificates/certificate-fixtures';
import { insertPublishedCourse, publishableCourse } from '../../test-support/course-fixtures';
import { insertActiveEnrollment, insertDeliveryCourse } from '../../test-support/delivery-fixtures';
import { insertGradingItem } from '../../test-support/grading-fixtures';
import { nationalCompetencies } from '../../test-support/ledger-helpers';
import { createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

/** Polls every 50 ms until `probe` answers, for at most 15 s. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const until = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const DAY = 86_400_000;
// Monday 5 October 2026, 10:00 WITA: October, so the JP shortfall reminder is due; a fixed past instant keeps the test calendar-proof.
const AS_OF = new Date('2026-10-05T02:00:00Z');

/**
 * The reminder kinds beyond due dates: JP shortfall (with recommended courses), competency and
 * certificate expiry, and the pending-approval and pending-grading digests. The sweep runs in the
 * shared worker (a real process) at a test clock; the notifications it enqueues are delivered there.
 */
describe('reminder sweep: JP shortfall, expiry, approval and grading digests', () => {
  let t: TestApp;
  let agency: Agency;
  let reminders: Queue;
  let courseTitle: string;

  const sweep = async (at: Date) => {
    const id = await t.db.transaction((tx) => writeOutboxEvent(tx, 'reminders.sweep', null, { asOf: at.toISOString(), tenantIds: [agency.id] }));
    await eventually(async () => {
      const job = await reminders.getJob(id);
      return job && (await job.getState()) === 'completed' ? true : undefined;
    }, `sweep ${id}`);
  };
  const logged = async (kind?: string) =>
    (await t.db.query(
      `SELECT kind, employee_id AS "employeeId", local_day::text AS day FROM reminder_log WHERE tenant_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY kind, employee_id`,
      [agency.id, kind ?? null],
    )) as { kind: string; employeeId: string; day: string }[];
  const notification = (employeeId: string, kind: string) =>
    eventually(async () => {
      const [row] = await t.db.query(`SELECT title, body, data FROM notification WHERE tenant_id = $1 AND employee_id = $2 AND kind = $3`, [agency.id, employeeId, kind]);
      return row as { title: string; body: string; data: Record<string, unknown> } | undefined;
    }, `${kind} for ${employeeId}`);

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db, 'WITA');
    reminders = new Queue(QUEUES.reminders, { connection: { url: process.env.REDIS_URL! }, prefix: process.env.QUEUE_PREFIX });
    const people = agency.people;

    // JP: the learner has 8 of 20 JP this (local) year; last year's credit does not count.
    await t.db.query(
      `INSERT INTO jp_credit (tenant_id, employee_id, minutes, occurred_at, source, source_ref) VALUES
         ($1, $2, 360, '2026-03-02T03:00:00Z', 'manual', 'test:jp:' || gen_random_uuid()),
         ($1, $2, 900, '2025-06-02T03:00:00Z', 'manual', 'test:jp:' || gen_random_uuid())`,
      [agency.id, people.learner.employeeId],
    );
    // Everyone else meets the obligation, so only the learner (and the team member) fall short.
    for (const p of [people.supervisor, people.grader, people.training_admin, people.tenant_admin]) {
      await t.db.query(`INSERT INTO jp_credit (tenant_id, employee_id, minutes, occurred_at, source, source_ref) VALUES ($1, $2, 900, '2026-02-02T03:00:00Z', 'manual', 'test:jp:' || gen_random_uuid())`, [
        agency.id, p.employeeId,
      ]);
    }
    // A catalog course closing three of the learner's managerial gaps (a pelaksana needs level 1 of each).
    const national = await nationalCompetencies(t.db);
    courseTitle = `Integritas dan Kerja Sama ${agency.code}`;
    await insertPublishedCourse(t.db, agency.id, publishableCourse({
      title: courseTitle, jpMinutes: 45,
      competencies: ['M.1', 'M.2', 'M.3'].map((code) => ({ competencyId: national[code], level: 2, validityMonths: null })),
    }));

    // Expiry: a competency of the grader valid until 7 local days from today; a certificate of the learner 60 days from today.
    await t.db.transaction((tx) =>
      appendLedgerEntries(tx, [{
        tenantId: agency.id, employeeId: people.grader.employeeId, competencyId: agency.competencyId, level: 2, source: 'manual',
        sourceRef: `test:expiry:${agency.id}`, occurredAt: new Date('2024-10-01T00:00:00Z'), validUntil: new Date('2030-01-01T00:00:00Z'), recordedBy: null,
      }]),
    );
    // The holding as it stood at AS_OF (the writer derives holdings as of the real now, past the test clock).
    await t.db.query(`UPDATE competency_holding SET valid_until = $3 WHERE employee_id = $1 AND competency_id = $2`, [
      people.grader.employeeId, agency.competencyId, new Date(AS_OF.getTime() + 7 * DAY),
    ]);
    await insertCertificate(t, agency.id, people.learner.employeeId, agency.competencyId, { expiresAt: new Date(AS_OF.getTime() + 60 * DAY) });

    // A request awaiting the supervisor (the learner reports to them), and an essay awaiting a grader.
    await insertActiveEnrollment(t.db, agency, await insertDeliveryCourse(t.db, agency), { status: 'requested' });
    await insertGradingItem(t.db, agency);
    // The grader turned the grading digest off; the training admin did not.
    await t.db.query(`INSERT INTO notification_preference (employee_id, tenant_id, disabled_kinds) VALUES ($1, $2, '{digest.pending-grading}')`, [
      people.grader.employeeId, agency.id,
    ]);
  });
  afterAll(async () => {
    await reminders.close();
    await t.app.close();
  });

  it('sends each kind once per person and local day, in office hours only, honouring preferences', async () => {
    const p = agency.people;
    await sweep(new Date(AS_OF.getTime() - 3 * 3_600_000)); // 07:00 WITA: too early
    expect(await logged()).toEqual([]);

    await sweep(AS_OF);
    const first = await logged();
    const of = (kind: string) => first.filter((r) => r.kind === kind).map((r) => r.employeeId).sort();
    expect(of('reminder.jp-shortfall')).toEqual([p.learner.employeeId, agency.teamMemberId].sort());
    expect(of('reminder.competency-expiry')).toEqual([p.grader.employeeId]);
    expect(of('reminder.certificate-expiry')).toEqual([p.learner.employeeId]);
    expect(of('digest.pending-approval')).toEqual([p.supervisor.employeeId]);
    expect(of('digest.pending-grading')).toEqual([p.grader.employeeId, p.training_admin.employeeId].sort());
    expect(first.every((r) => r.day === '2026-10-05')).toBe(true);

    // What the learner reads: the JP figures and the recommended course.
    const jp = await notification(p.learner.employeeId, 'reminder.jp-shortfall');
    expect(jp.title).toBe('Anda baru memperoleh 8 dari 20 JP tahun ini');
    expect(jp.body).toContain('masih kurang 12 JP');
    expect(jp.body).toContain(`- ${courseTitle} (1 JP)`);
    expect((await notification(p.learner.employeeId, 'reminder.certificate-expiry')).title).toBe('Sertifikat "Pelayanan Publik Prima" berakhir dalam 60 hari');
    expect((await notification(p.grader.employeeId, 'reminder.competency-expiry')).title).toBe('Kompetensi "Kompetensi Teknis Uji" (level 2) berakhir dalam 7 hari');
    const approval = await notification(p.supervisor.employeeId, 'digest.pending-approval');
    expect(approval.title).toBe('Ringkasan harian: 1 permintaan kursus menunggu persetujuan Anda');
    expect(approval.body).toContain('Pegawai pegawai — ');
    const grading = await notification(p.training_admin.employeeId, 'digest.pending-grading');
    expect(grading.title).toBe('Ringkasan harian: 1 jawaban menunggu penilaian');

    // An hour later, the same local day: nothing new.
    await sweep(new Date(AS_OF.getTime() + 3_600_000));
    expect(await logged()).toHaveLength(first.length);
    // The grader's digest was skipped by preference (the reminder was logged, no notification written).
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE tenant_id = $1 AND employee_id = $2 AND kind = 'digest.pending-grading'`, [
      agency.id, p.grader.employeeId,
    ]);
    expect(n).toBe(0);

    // The next day: the digests again, the JP reminder not (weekly), the expiries not (59 and 6 days are no reminder days).
    await sweep(new Date(AS_OF.getTime() + DAY));
    const next = (await logged()).filter((r) => r.day === '2026-10-06').map((r) => r.kind).sort();
    expect(next).toEqual(['digest.pending-approval', 'digest.pending-grading', 'digest.pending-grading']);
    // A week later the JP reminder comes back.
    await sweep(new Date(AS_OF.getTime() + 7 * DAY));
    expect((await logged('reminder.jp-shortfall')).filter((r) => r.day === '2026-10-12')).toHaveLength(2);
  });

  it('sends no JP shortfall reminder before October', async () => {
    await sweep(new Date('2026-09-14T02:00:00Z'));
    expect((await logged('reminder.jp-shortfall')).filter((r) => r.day === '2026-09-14')).toEqual([]);
  });
});
