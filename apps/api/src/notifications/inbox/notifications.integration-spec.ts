import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUEUES, type OutboxPayload } from '@mahir/jobs';
import { writeOutboxEvent } from '@mahir/persistence';
import { expectProblem } from '../../test-support/auth-helpers';
import { insertActiveEnrollment, insertDeliveryCourse } from '../../test-support/delivery-fixtures';
import { bearer, createAgency, createSuperAdmin, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

/** The mail the SMTP sink of the global setup (tools/jest/smtp-sink.js) wrote to its folder, one JSON file per message. */
const readMailDirectory = (dir: string): Mail[] =>
  readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Mail);

interface Mail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  envelope: { to: string[] };
}

/** Polls every 50 ms until `probe` answers, for at most 20 s (the refusal test waits out two backoffs). */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Notifications end to end: events in the outbox → the shared worker (a real process) → the
 * in-app row and real mail to the SMTP sink of the global setup, read back from its folder.
 */
describe('notifications: e-mail, in-app, preferences, reminders', () => {
  let t: TestApp;
  let agency: Agency;
  let learner: string;
  let notifications: Queue;
  let reminders: Queue;
  const mailsTo = (address: string) => readMailDirectory(process.env.MAIL_SINK_DIR!).filter((m) => m.envelope.to.includes(address));

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db, 'WIB');
    await t.db.query(`UPDATE tenant SET name = 'Kota Uji', mail_from_name = 'BKPSDM Kota Uji', mail_from_address = 'diklat@kotauji.go.id' WHERE id = $1`, [agency.id]);
    await meetJpObligation(agency.id);
    learner = await bearer(t, agency.people.learner.email);
    notifications = new Queue(QUEUES.notifications, { connection: { url: process.env.REDIS_URL! }, prefix: process.env.QUEUE_PREFIX });
    reminders = new Queue(QUEUES.reminders, { connection: { url: process.env.REDIS_URL! }, prefix: process.env.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await notifications.close();
    await reminders.close();
    await t.app.close();
  });

  // Sweeps cover every agency in office hours (reminder-kinds.integration-spec.ts runs them in parallel): people
  // here meet this year's and 2026's JP, so no JP shortfall reminder lands in the inboxes and mailboxes counted below.
  const meetJpObligation = (tenantId: string) =>
    t.db.query(
      `INSERT INTO jp_credit (tenant_id, employee_id, minutes, occurred_at, source, source_ref)
       SELECT e.tenant_id, e.id, 900, y.at, 'manual', 'test:jp:' || gen_random_uuid()
       FROM employee e CROSS JOIN (VALUES ('2026-01-05T03:00:00Z'::timestamptz), (now() - interval '1 minute')) AS y(at) WHERE e.tenant_id = $1`,
      [tenantId],
    );
  const request = (payload: OutboxPayload<'notification.requested'>) => t.db.transaction((tx) => writeOutboxEvent(tx, 'notification.requested', payload.tenantId, payload));
  const handled = (eventId: string, queue: 'notifications' | 'reminders' = 'notifications') =>
    eventually(async () => {
      const job = await (queue === 'reminders' ? reminders : notifications).getJob(eventId);
      return job && (await job.getState()) === 'completed' ? job.returnvalue : undefined;
    }, `job ${eventId} completed`);
  const sweptBy = (eventId: string) => handled(eventId, 'reminders');
  const dueData = { courseTitle: 'Etika & Integritas ASN', dueDate: '2026-10-14', days: 1, progressPercent: 40 };

  it('mails in Bahasa Indonesia (HTML + text) from the agency sender, writes the in-app row, and a repeated key changes nothing', async () => {
    const key = `test:${randomUUID()}`;
    const base = { tenantId: agency.id, employeeId: agency.people.learner.employeeId, kind: 'reminder.due', data: dueData, dedupeKey: key };
    const first = await request(base);
    const second = await request(base);
    const [mail] = await eventually(async () => (mailsTo(agency.people.learner.email).length ? mailsTo(agency.people.learner.email) : undefined), 'the mail');
    expect(mail.subject).toBe('Pengingat: "Etika & Integritas ASN" jatuh tempo besok');
    expect(mail.from).toBe('BKPSDM Kota Uji <diklat@kotauji.go.id>');
    expect(mail.text).toContain('Yth. Pegawai pegawai,');
    expect(mail.text).toContain('paling lambat 2026-10-14');
    expect(mail.html).toContain('<strong>Etika &amp; Integritas ASN</strong>');
    expect(mail.html).toContain('<html lang="id">');
    await handled(first);
    await handled(second);
    expect(mailsTo(agency.people.learner.email)).toHaveLength(1);
    const rows = await t.db.query(`SELECT n.title, d.status, d.attempts FROM notification n JOIN notification_delivery d ON d.notification_id = n.id WHERE n.dedupe_key = $1`, [key]);
    expect(rows).toEqual([{ title: mail.subject, status: 'sent', attempts: 1 }]);
  });

  it('lists, counts and marks read through the API; another person\'s notification is 404; a super admin has no inbox', async () => {
    const res = await t.http().get('/api/v1/me/notifications?unread=true').set('Authorization', learner).expect(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(1);
    expect(res.body.items[0]).toMatchObject({ kind: 'reminder.due', title: expect.stringContaining('Pengingat'), readAt: null });
    const before = (await t.http().get('/api/v1/me/notifications/unread-count').set('Authorization', learner).expect(200)).body.unread;
    expect(before).toBe(res.body.unread);
    const read = await t.http().post(`/api/v1/me/notifications/${res.body.items[0].id}/read`).set('Authorization', learner).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const again = await t.http().post(`/api/v1/me/notifications/${res.body.items[0].id}/read`).set('Authorization', learner).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);
    expect((await t.http().get('/api/v1/me/notifications/unread-count').set('Authorization', learner).expect(200)).body.unread).toBe(before - 1);

    const supervisor = await bearer(t, agency.people.supervisor.email);
    expectProblem(await t.http().post(`/api/v1/me/notifications/${res.body.items[0].id}/read`).set('Authorization', supervisor), 404, 'notification.notFound');
    await t.http().post('/api/v1/me/notifications/read-all').set('Authorization', learner).expect(200);
    expect((await t.http().get('/api/v1/me/notifications/unread-count').set('Authorization', learner).expect(200)).body.unread).toBe(0);
    const sa = await createSuperAdmin(t.db);
    expectProblem(await t.http().get('/api/v1/me/notifications').set('Authorization', await bearer(t, sa.email)).set('X-Tenant-Id', agency.id), 403, 'notification.employeesOnly');
  });

  it('honours preferences: a kind turned off is skipped unless mandatory, and English when chosen', async () => {
    const grader = await bearer(t, agency.people.grader.email);
    const put = await t.http().put('/api/v1/me/notification-preferences').set('Authorization', grader)
      .send({ locale: 'en', emailEnabled: true, disabledKinds: ['reminder.inactive'] }).expect(200);
    expect(put.body).toMatchObject({ locale: 'en', disabledKinds: ['reminder.inactive'], mandatoryAlwaysDelivered: true });
    expect((await t.http().get('/api/v1/me/notification-preferences').set('Authorization', grader).expect(200)).body.kinds).toContainEqual({ kind: 'reminder.inactive', enabled: false });
    const bad = await t.http().put('/api/v1/me/notification-preferences').set('Authorization', grader).send({ locale: 'fr', emailEnabled: true, disabledKinds: ['nope'] });
    expect(bad.status).toBe(400);

    const data = { courseTitle: 'Anti Korupsi', days: 14, progressPercent: 10 };
    const off = await request({ tenantId: agency.id, employeeId: agency.people.grader.employeeId, kind: 'reminder.inactive', data });
    expect(await handled(off)).toEqual({ outcome: 'preference-off' });
    const mandatory = await request({ tenantId: agency.id, employeeId: agency.people.grader.employeeId, kind: 'reminder.inactive', data, mandatory: true });
    await handled(mandatory);
    const mails = mailsTo(agency.people.grader.email);
    expect(mails.map((m) => m.subject)).toEqual(['14 days without progress in "Anti Korupsi"']);
    expect(mails[0].text).toContain('Dear Pegawai penilai,');
  });

  it('an SMTP server that refuses (twice) or times out: the job is retried with backoff and the mail arrives exactly once', async () => {
    const refuse = `anggota+refuse.${randomUUID().slice(0, 8)}@${agency.code.toLowerCase()}.go.id`;
    await t.db.query(`UPDATE employee SET email = $2 WHERE id = $1`, [agency.teamMemberId, refuse]);
    const timeout = `admin+timeout.${randomUUID().slice(0, 8)}@${agency.code.toLowerCase()}.go.id`;
    await t.db.query(`UPDATE user_account SET email = $2 WHERE id = $1`, [agency.people.tenant_admin.userId, timeout]);

    const a = await request({ tenantId: agency.id, employeeId: agency.teamMemberId, kind: 'reminder.due', data: dueData });
    const b = await request({ tenantId: agency.id, employeeId: agency.people.tenant_admin.employeeId, kind: 'reminder.due', data: dueData });
    await handled(a);
    await handled(b);
    expect(mailsTo(refuse)).toHaveLength(1);
    expect(mailsTo(timeout)).toHaveLength(1);
    const [ra] = await t.db.query(`SELECT d.status, d.attempts FROM notification n JOIN notification_delivery d ON d.notification_id = n.id WHERE n.dedupe_key = $1`, [`event:${a}`]);
    expect(ra).toEqual({ status: 'sent', attempts: 3 });
    const [rb] = await t.db.query(`SELECT d.status, d.attempts FROM notification n JOIN notification_delivery d ON d.notification_id = n.id WHERE n.dedupe_key = $1`, [`event:${b}`]);
    expect(rb).toEqual({ status: 'sent', attempts: 2 });
    expect((await notifications.getJob(a))!.attemptsMade).toBeGreaterThanOrEqual(2);
  });

  it('the sweep sends due, overdue, inactivity reminders and the supervisor digest once per local day, and never at night', async () => {
    const own = await createAgency(t.db, 'WIT');
    await meetJpObligation(own.id);
    const courseId = await insertDeliveryCourse(t.db, own);
    // 10:00 WIT today; due dates relative to it.
    const asOf = new Date(`${new Date().toISOString().slice(0, 10)}T01:00:00Z`);
    const day = 86_400_000;
    const enroll = async (employeeId: string, due: number | null, lastActivity: number) => {
      const id = await insertActiveEnrollment(t.db, own, courseId, { employeeId });
      await t.db.query(`UPDATE enrollment SET due_at = $2, last_activity_at = $3 WHERE id = $1`, [id, due === null ? null : new Date(asOf.getTime() + due), new Date(asOf.getTime() + lastActivity)]);
      return id;
    };
    const learnerId = own.people.learner.employeeId;
    const dueTomorrow = await enroll(learnerId, day, -day);
    const dueInAWeek = await enroll(own.people.grader.employeeId, 7 * day, -day);
    const overdue = await enroll(own.teamMemberId, -day, -2 * day);
    const idle = await enroll(own.people.training_admin.employeeId, null, -15 * day);
    const sweep = (at: Date) => t.db.transaction((tx) => writeOutboxEvent(tx, 'reminders.sweep', null, { asOf: at.toISOString(), tenantIds: [own.id] }));
    // From October the JP shortfall reminder joins in (today's date decides); reminder-kinds.integration-spec.ts tests it.
    const logged = async () =>
      (await t.db.query(`SELECT kind, enrollment_id AS "enrollmentId", employee_id AS "employeeId" FROM reminder_log WHERE tenant_id = $1 AND kind <> 'reminder.jp-shortfall' ORDER BY kind`, [own.id])) as {
        kind: string; enrollmentId: string | null; employeeId: string;
      }[];

    // 22:00 WIT: night, nothing is sent.
    await sweptBy(await sweep(new Date(asOf.getTime() + 12 * 3_600_000)));
    expect(await logged()).toEqual([]);

    await sweptBy(await sweep(asOf));
    expect(await logged()).toEqual([
      { kind: 'digest.team-overdue', enrollmentId: null, employeeId: own.people.supervisor.employeeId },
      { kind: 'reminder.due', enrollmentId: expect.any(String), employeeId: expect.any(String) },
      { kind: 'reminder.due', enrollmentId: expect.any(String), employeeId: expect.any(String) },
      { kind: 'reminder.inactive', enrollmentId: idle, employeeId: own.people.training_admin.employeeId },
      { kind: 'reminder.overdue', enrollmentId: overdue, employeeId: own.teamMemberId },
    ]);
    expect((await logged()).filter((r) => r.kind === 'reminder.due').map((r) => r.enrollmentId).sort()).toEqual([dueTomorrow, dueInAWeek].sort());

    // An hour later, the same local day: nothing new.
    await sweptBy(await sweep(new Date(asOf.getTime() + 3_600_000)));
    expect(await logged()).toHaveLength(5);

    // The learner finds it in the inbox, and in the mailbox.
    const inbox = await eventually(async () => {
      const [row] = await t.db.query(`SELECT title FROM notification WHERE tenant_id = $1 AND employee_id = $2 AND kind = 'reminder.due'`, [own.id, learnerId]);
      return row as { title: string } | undefined;
    }, 'the reminder in the inbox');
    expect(inbox.title).toBe(`Pengingat: "${'Kursus Pengantar'}" jatuh tempo besok`.replace('Kursus Pengantar', inbox.title.split('"')[1]));
    const digest = await eventually(async () => mailsTo(own.people.supervisor.email)[0], 'the digest mail');
    expect(digest.subject).toBe('Ringkasan harian: 1 kursus tim Anda terlambat');
    expect(digest.text).toContain('Pegawai anggota');
  });
});
