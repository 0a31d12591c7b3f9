import {
  announceProgress, brokenChains, completeLessons, completedCount, createSpineAgency, enroll, eventually, insertCourse, spineCourse, spineEffects,
} from '../completion/test-support/spine-fixtures';
import { createDrillEnvironment, type DrillEnvironment } from './test-support/drill-environment';

const ENROLLMENTS = 300;

/**
 * Fault drill: the worker is killed with SIGKILL in the middle of completions (no graceful
 * shutdown: open transactions die with the connection, its BullMQ jobs stay locked until the lock
 * lapses), and a new worker takes over. Every completion still ends with exactly one set of ledger
 * entries, one JP credit and one certificate request.
 */
describe('drill: SIGKILL the worker in the middle of completions', () => {
  let drill: DrillEnvironment;
  beforeAll(async () => {
    drill = await createDrillEnvironment('sigkill');
  });
  afterAll(() => drill?.close());

  it('ends with exactly one effect per completion after a restart', async () => {
    const { db } = drill;
    const agency = await createSpineAgency(db, ENROLLMENTS);
    const courseId = await insertCourse(db, agency.tenantId, spineCourse(agency.competencies));
    const ids = await enroll(db, agency.tenantId, courseId, agency.employeeIds);
    await completeLessons(db, agency.tenantId, ids, ['t1', 't2']);
    // A third of the events is waiting before the worker starts; the rest arrives while it runs and while it is dead.
    await announceProgress(db, agency.tenantId, ids.slice(0, 100));

    // Few consumers, so the kill lands mid-way rather than after the last completion.
    const first = await drill.startWorker({ WORKER_CONCURRENCY: '2' });
    await eventually(async () => ((await completedCount(db, ids)) >= 20 ? true : undefined), 20_000, '20 completions');
    const announced = announceProgress(db, agency.tenantId, ids.slice(100, 200));
    await first.kill();
    await announced;
    const atKill = await completedCount(db, ids);
    expect(atKill).toBeGreaterThanOrEqual(20);
    expect(atKill).toBeLessThan(ENROLLMENTS);
    await announceProgress(db, agency.tenantId, ids.slice(200));
    // Duplicates of events the dead worker had in hand.
    await announceProgress(db, agency.tenantId, ids.slice(0, 50));

    await drill.startWorker();
    await eventually(async () => ((await completedCount(db, ids)) === ENROLLMENTS ? true : undefined), 30_000, 'all completions');
    await eventually(async () => {
      const [{ pending }] = await db.query(`SELECT count(*)::int AS pending FROM outbox_event WHERE published_at IS NULL`);
      return pending === 0 ? true : undefined;
    }, 10_000, 'outbox drained');

    expect(await spineEffects(db, agency.tenantId, ids)).toEqual({
      statuses: { completed: ENROLLMENTS },
      ledgerEntries: ENROLLMENTS * 3,
      ledgerSources: ENROLLMENTS * 3,
      jpCredits: ENROLLMENTS,
      jpCreditEnrollments: ENROLLMENTS,
      certificateRequests: ENROLLMENTS,
      certificateEnrollments: ENROLLMENTS,
    });
    const [{ holdings }] = await db.query(`SELECT count(*)::int AS holdings FROM competency_holding WHERE tenant_id = $1`, [agency.tenantId]);
    expect(holdings).toBe(ENROLLMENTS * 3);
    expect(await brokenChains(db, agency.tenantId, agency.employeeIds)).toEqual([]);
  });
});
