import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { createDataSource, writeOutbox, writeOutboxEvent } from '@mahir/persistence';
import { QUEUES } from '@mahir/jobs';

/**
 * The relay of the shared test worker (a real process started by the Jest global setup, its
 * safety poll set to an hour) moves committed events to BullMQ: only NOTIFY can wake it in time.
 */
describe('outbox relay', () => {
  let db: DataSource;
  let certificates: Queue;

  beforeAll(async () => {
    db = await createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 }).initialize();
    certificates = new Queue(QUEUES.certificates, { connection: { url: process.env.REDIS_URL! }, prefix: process.env.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await certificates.close();
    await db.destroy();
  });

  async function publishedAt(id: string, timeoutMs = 5000): Promise<Date | null> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const [row] = await db.query(`SELECT published_at FROM outbox_event WHERE id = $1`, [id]);
      if (row.published_at || Date.now() > until) return row.published_at;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('publishes a committed event as a job whose id is the event id, woken by NOTIFY', async () => {
    const [tenant] = await db.query(`SELECT id FROM tenant LIMIT 1`);
    const enrollmentId = '00000000-0000-4000-8000-000000000001';
    const id = await db.transaction((tx) => writeOutboxEvent(tx, 'certificate.requested', tenant?.id ?? null, { tenantId: 't', enrollmentId }));
    expect(await publishedAt(id)).not.toBeNull();
    const job = await certificates.getJob(id);
    expect(job?.name).toBe('certificate.requested');
    expect(job?.data).toEqual({ tenantId: 't', enrollmentId, eventId: id });
  });

  it('never publishes an event whose transaction rolled back', async () => {
    let id = '';
    await expect(
      db.transaction(async (tx) => {
        id = await writeOutboxEvent(tx, 'certificate.requested', null, { tenantId: 't', enrollmentId: '00000000-0000-4000-8000-000000000002' });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    // A later committed event is relayed; the rolled-back one never existed.
    const later = await db.transaction((tx) => writeOutboxEvent(tx, 'certificate.requested', null, { tenantId: 't', enrollmentId: '00000000-0000-4000-8000-000000000003' }));
    expect(await publishedAt(later)).not.toBeNull();
    expect(await certificates.getJob(id)).toBeUndefined();
    expect(await db.query(`SELECT 1 FROM outbox_event WHERE id = $1`, [id])).toEqual([]);
  });

  it('relays a burst of events written in one statement, each exactly once', async () => {
    const messages = Array.from({ length: 1200 }, (_, n) => ({
      name: 'certificate.requested' as const,
      tenantId: null,
      payload: { tenantId: 't', enrollmentId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}` },
    }));
    const ids = await db.transaction((tx) => writeOutbox(tx, messages));
    expect(new Set(ids).size).toBe(1200);
    expect(await publishedAt(ids[ids.length - 1], 15000)).not.toBeNull();
    const [{ pending }] = await db.query(`SELECT count(*)::int AS pending FROM outbox_event WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, [ids]);
    expect(pending).toBe(0);
    const jobs = await Promise.all(ids.slice(0, 50).map((id) => certificates.getJob(id)));
    expect(jobs.every((j) => j !== undefined)).toBe(true);
  });
});
