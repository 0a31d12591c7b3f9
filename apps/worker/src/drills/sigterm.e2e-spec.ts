import { Queue } from 'bullmq';
import { QUEUES } from '@mahir/jobs';
import {
  announceProgress, completeLessons, completedCount, createSpineAgency, enroll, eventually, insertCourse, spineCourse, spineEffects,
} from '../completion/test-support/spine-fixtures';
import { createDrillEnvironment, type DrillEnvironment } from './test-support/drill-environment';

const ENROLLMENTS = 150;

/**
 * Drill: a worker asked to stop (SIGTERM, as a deploy or scale-down does) in the middle of
 * completions finishes the jobs it holds, leaves the rest waiting in Redis, and exits 0; the
 * next worker completes them, each exactly once.
 */
describe('drill: SIGTERM the worker in the middle of completions', () => {
  let drill: DrillEnvironment;
  let delivery: Queue;
  beforeAll(async () => {
    drill = await createDrillEnvironment('sigterm');
    delivery = new Queue(QUEUES.delivery, { connection: { url: drill.env.REDIS_URL }, prefix: drill.env.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await delivery?.close();
    await drill?.close();
  });

  it('finishes or returns every job, exits 0, and nothing is done twice', async () => {
    const { db } = drill;
    const agency = await createSpineAgency(db, ENROLLMENTS);
    const courseId = await insertCourse(db, agency.tenantId, spineCourse(agency.competencies));
    const ids = await enroll(db, agency.tenantId, courseId, agency.employeeIds);
    await completeLessons(db, agency.tenantId, ids, ['t1', 't2']);
    await announceProgress(db, agency.tenantId, ids);

    const first = await drill.startWorker({ WORKER_CONCURRENCY: '2' });
    await eventually(async () => ((await completedCount(db, ids)) >= 10 ? true : undefined), 20_000, '10 completions');
    const exit = await first.stop();
    expect(exit).toEqual({ code: 0, signal: null });

    // Nothing is left locked by the stopped worker: its jobs either finished or wait for the next one.
    const counts = await delivery.getJobCounts('active', 'waiting', 'failed');
    expect(counts.active).toBe(0);
    expect(counts.failed).toBe(0);
    const atStop = await completedCount(db, ids);
    expect(atStop).toBeLessThan(ENROLLMENTS);

    await drill.startWorker();
    await eventually(async () => ((await completedCount(db, ids)) === ENROLLMENTS ? true : undefined), 30_000, 'all completions');
    expect(await spineEffects(db, agency.tenantId, ids)).toEqual({
      statuses: { completed: ENROLLMENTS },
      ledgerEntries: ENROLLMENTS * 3,
      ledgerSources: ENROLLMENTS * 3,
      jpCredits: ENROLLMENTS,
      jpCreditEnrollments: ENROLLMENTS,
      certificateRequests: ENROLLMENTS,
      certificateEnrollments: ENROLLMENTS,
    });
  });
});
