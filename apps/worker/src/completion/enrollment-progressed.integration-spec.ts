import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QUEUES } from '@mahir/jobs';
import { createDataSource } from '@mahir/persistence';
import {
  announceProgress, brokenChains, completeLessons, createSpineAgency, enroll, eventually, gradedAttempts, insertCourse, publishNextVersion,
  spineCourse, spineEffects, type SpineAgency,
} from './test-support/spine-fixtures';

/**
 * The completion step of the spine, run by the shared test worker (a real process started by the
 * Jest global setup): an 'enrollment.progressed' event in the outbox is relayed to BullMQ and handled;
 * these tests see only what a learner or an admin would see in the database afterwards.
 */
describe("'enrollment.progressed': completion → ledger, JP, certificate request", () => {
  let db: DataSource;
  let delivery: Queue;
  let agency: SpineAgency;
  let nextEmployee = 0;
  const employees = (n: number) => agency.employeeIds.slice(nextEmployee, (nextEmployee += n));

  beforeAll(async () => {
    db = await createDataSource({ url: process.env.DATABASE_URL!, poolSize: 4 }).initialize();
    delivery = new Queue(QUEUES.delivery, { connection: { url: process.env.REDIS_URL! }, prefix: process.env.QUEUE_PREFIX });
    agency = await createSpineAgency(db, 40);
  });
  afterAll(async () => {
    await delivery.close();
    await db.destroy();
  });

  const enrollment = async (id: string) =>
    (await db.query(`SELECT status, progress_percent, final_grade, completed_at, ended_at FROM enrollment WHERE id = $1`, [id]))[0];
  const settled = (id: string) =>
    eventually(async () => {
      const [row] = await db.query(`SELECT status FROM enrollment WHERE id = $1 AND status <> 'active'`, [id]);
      return row?.status as string | undefined;
    }, 10_000, `enrollment ${id} settled`);
  /** Every event of these ids handled: the relay marks them published, and the handler leaves no job behind. */
  const published = (eventIds: string[]) =>
    eventually(async () => {
      const [{ pending }] = await db.query(`SELECT count(*)::int AS pending FROM outbox_event WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, [eventIds]);
      return pending === 0 ? true : undefined;
    }, 10_000, 'events published');

  it('completes an enrollment whose rules are met: ledger entries that verify, holdings, one JP credit, one certificate request', async () => {
    const courseId = await insertCourse(db, agency.tenantId, spineCourse(agency.competencies));
    const [employeeId] = employees(1);
    const [id] = await enroll(db, agency.tenantId, courseId, [employeeId]);
    await completeLessons(db, agency.tenantId, [id], ['t1', 't2']);
    await announceProgress(db, agency.tenantId, [id]);

    expect(await settled(id)).toBe('completed');
    const row = await enrollment(id);
    expect(row.progress_percent).toBe(100);
    expect(row.final_grade).toBeNull(); // the course grades nothing
    expect(row.ended_at).toEqual(row.completed_at);

    const entries = await db.query(
      `SELECT competency_id, level, source_ref, occurred_at, valid_until, recorded_by, evidence_text FROM ledger_entry WHERE employee_id = $1 ORDER BY sequence`,
      [employeeId],
    );
    expect(entries).toHaveLength(3);
    for (const [i, c] of agency.competencies.entries()) {
      expect(entries[i]).toMatchObject({ competency_id: c.competencyId, level: c.level, source_ref: `${id}:${c.competencyId}`, recorded_by: null });
      expect(entries[i].occurred_at).toEqual(row.completed_at);
      expect(entries[i].evidence_text).toContain('Etika Pelayanan Publik');
    }
    // Validity: 24 months, none, 12 months after completion.
    const completedAt: Date = row.completed_at;
    expect(entries[0].valid_until.getUTCFullYear() - completedAt.getUTCFullYear()).toBe(2);
    expect(entries[1].valid_until).toBeNull();
    expect(entries[2].valid_until.getUTCFullYear() - completedAt.getUTCFullYear()).toBe(1);
    expect(await brokenChains(db, agency.tenantId, [employeeId])).toEqual([]);

    const holdings = await db.query(`SELECT competency_id, level FROM competency_holding WHERE employee_id = $1 ORDER BY level`, [employeeId]);
    expect(holdings).toEqual(
      agency.competencies.map((c) => ({ competency_id: c.competencyId, level: c.level })).sort((a, b) => a.level - b.level),
    );
    const credits = await db.query(`SELECT minutes, occurred_at, source_ref, description FROM jp_credit WHERE employee_id = $1`, [employeeId]);
    expect(credits).toEqual([{ minutes: 135, occurred_at: completedAt, source_ref: id, description: 'Etika Pelayanan Publik' }]);
    const certificates = await db.query(`SELECT payload FROM outbox_event WHERE name = 'certificate.requested' AND payload->>'enrollmentId' = $1`, [id]);
    expect(certificates).toEqual([{ payload: { tenantId: agency.tenantId, enrollmentId: id } }]);
  });

  it('only records progress while a required lesson is missing, then completes when it is done', async () => {
    const courseId = await insertCourse(db, agency.tenantId, spineCourse(agency.competencies));
    const [id] = await enroll(db, agency.tenantId, courseId, employees(1));
    await completeLessons(db, agency.tenantId, [id], ['t1', 't3']);
    await published(await announceProgress(db, agency.tenantId, [id]));
    await eventually(async () => ((await enrollment(id)).progress_percent === 50 ? true : undefined), 10_000, 'progress 50%');
    expect((await enrollment(id)).status).toBe('active');
    expect(await spineEffects(db, agency.tenantId, [id])).toMatchObject({ ledgerEntries: 0, jpCredits: 0, certificateRequests: 0 });

    await completeLessons(db, agency.tenantId, [id], ['t2']);
    await announceProgress(db, agency.tenantId, [id]);
    expect(await settled(id)).toBe('completed');
  });

  it('has one effect for the same event published twice and for ten events at once', async () => {
    const courseId = await insertCourse(db, agency.tenantId, spineCourse(agency.competencies));
    const [twiceEmployee, tenEmployee] = employees(2);
    const [twice, ten] = await enroll(db, agency.tenantId, courseId, [twiceEmployee, tenEmployee]);
    await completeLessons(db, agency.tenantId, [twice, ten], ['t1', 't2']);

    // The same event id handled twice: after its job was trimmed from Redis the relay publishes it anew
    // (as after a crash between publishing and marking the row), and the handler runs a second time.
    const [eventId] = await announceProgress(db, agency.tenantId, [twice]);
    expect(await settled(twice)).toBe('completed');
    const first = await eventually(async () => ((await delivery.getJob(eventId))?.finishedOn ? true : undefined), 10_000, 'first run');
    expect(first).toBe(true);
    await (await delivery.getJob(eventId))!.remove();
    await db.query(`UPDATE outbox_event SET published_at = NULL WHERE id = $1`, [eventId]);
    await db.query(`NOTIFY mahir_outbox`);
    const again = await eventually(async () => {
      const job = await delivery.getJob(eventId);
      return job?.finishedOn ? job.returnvalue : undefined;
    }, 10_000, 'second run');
    expect(again).toEqual({ outcome: 'skipped', status: 'completed' });
    // Ten distinct events for one enrollment, committed together, handled concurrently by the worker.
    await announceProgress(db, agency.tenantId, Array(10).fill(ten));

    expect(await settled(ten)).toBe('completed');
    await published((await db.query(`SELECT id FROM outbox_event WHERE payload->>'enrollmentId' = $1`, [ten])).map((r: { id: string }) => r.id));
    // Let any straggling duplicate job run before counting.
    await new Promise((r) => setTimeout(r, 500));
    expect(await spineEffects(db, agency.tenantId, [twice, ten])).toEqual({
      statuses: { completed: 2 },
      ledgerEntries: 6,
      ledgerSources: 6,
      jpCredits: 2,
      jpCreditEnrollments: 2,
      certificateRequests: 2,
      certificateEnrollments: 2,
    });
    expect(await brokenChains(db, agency.tenantId, [twiceEmployee, tenEmployee])).toEqual([]);
  });

  it('judges an enrollment by its pinned version: a version 2 published later changes nothing for it', async () => {
    const courseId = await insertCourse(db, agency.tenantId, spineCourse(agency.competencies));
    const [onV1] = await enroll(db, agency.tenantId, courseId, employees(1), 1);
    // Version 2 adds a required quiz and drops a competency.
    await publishNextVersion(db, agency.tenantId, courseId, spineCourse(agency.competencies.slice(0, 1), { quiz: { attemptsAllowed: 2 }, title: 'Etika v2' }));
    const [onV2] = await enroll(db, agency.tenantId, courseId, employees(1), 2);
    await completeLessons(db, agency.tenantId, [onV1, onV2], ['t1', 't2']);
    await announceProgress(db, agency.tenantId, [onV1, onV2]);

    expect(await settled(onV1)).toBe('completed');
    expect(await spineEffects(db, agency.tenantId, [onV1])).toMatchObject({ ledgerEntries: 3, jpCredits: 1 });
    const [{ description }] = await db.query(`SELECT description FROM jp_credit WHERE source_ref = $1`, [onV1]);
    expect(description).toBe('Etika Pelayanan Publik');
    await eventually(async () => ((await enrollment(onV2)).progress_percent === 66 ? true : undefined), 10_000, 'v2 progress 66%');
    expect((await enrollment(onV2)).status).toBe('active');

    await gradedAttempts(db, agency.tenantId, onV2, 'q1', [80]);
    await announceProgress(db, agency.tenantId, [onV2]);
    expect(await settled(onV2)).toBe('completed');
    expect(await enrollment(onV2)).toMatchObject({ progress_percent: 100, final_grade: '80.0' });
    expect(await spineEffects(db, agency.tenantId, [onV2])).toMatchObject({ ledgerEntries: 1, jpCredits: 1, certificateRequests: 1 });
  });

  it('marks the enrollment failed when the quiz attempts are used up without a pass, and writes nothing else', async () => {
    const courseId = await insertCourse(db, agency.tenantId, spineCourse(agency.competencies, { quiz: { attemptsAllowed: 2 } }));
    const [id] = await enroll(db, agency.tenantId, courseId, employees(1));
    await completeLessons(db, agency.tenantId, [id], ['t1', 't2']);
    await gradedAttempts(db, agency.tenantId, id, 'q1', [40, 55]);
    await announceProgress(db, agency.tenantId, [id, id]);

    expect(await settled(id)).toBe('failed');
    const row = await enrollment(id);
    expect(row).toMatchObject({ status: 'failed', progress_percent: 66, final_grade: '55.0', completed_at: null });
    expect(row.ended_at).not.toBeNull();
    expect(await spineEffects(db, agency.tenantId, [id])).toMatchObject({ ledgerEntries: 0, jpCredits: 0, certificateRequests: 0 });
  });

  it("records a national course's competencies the learner's agency can hold, and completes without the other agency's own", async () => {
    const publisher = await createSpineAgency(db, 1);
    // National competencies (usable by every agency) plus the publisher's technical one (not usable by the learner's agency).
    const doc = { ...spineCourse(publisher.competencies), visibility: 'national' as const };
    const courseId = await insertCourse(db, publisher.tenantId, doc);
    const [employeeId] = employees(1);
    const [id] = await enroll(db, agency.tenantId, courseId, [employeeId]);
    await completeLessons(db, agency.tenantId, [id], ['t1', 't2']);
    await announceProgress(db, agency.tenantId, [id]);

    expect(await settled(id)).toBe('completed');
    const entries = await db.query(`SELECT competency_id FROM ledger_entry WHERE employee_id = $1 ORDER BY sequence`, [employeeId]);
    expect(entries.map((e: { competency_id: string }) => e.competency_id)).toEqual(publisher.competencies.slice(0, 2).map((c) => c.competencyId));
    expect(await spineEffects(db, agency.tenantId, [id])).toMatchObject({ ledgerEntries: 2, jpCredits: 1, certificateRequests: 1 });
  });

  it('ignores events for enrollments that are not active (withdrawn) or do not exist in the tenant', async () => {
    const courseId = await insertCourse(db, agency.tenantId, spineCourse(agency.competencies));
    const [id] = await enroll(db, agency.tenantId, courseId, employees(1));
    await completeLessons(db, agency.tenantId, [id], ['t1', 't2']);
    await db.query(`UPDATE enrollment SET status = 'withdrawn', ended_at = now() WHERE id = $1`, [id]);
    const other = await createSpineAgency(db, 1);
    const events = [...(await announceProgress(db, agency.tenantId, [id])), ...(await announceProgress(db, other.tenantId, [id]))];
    await published(events);
    await new Promise((r) => setTimeout(r, 300));
    expect((await enrollment(id)).status).toBe('withdrawn');
    expect(await spineEffects(db, agency.tenantId, [id])).toMatchObject({ ledgerEntries: 0, jpCredits: 0, certificateRequests: 0 });
  });
});
