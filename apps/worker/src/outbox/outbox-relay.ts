import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { WorkerConfig } from '@mahir/config';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, isJobName, type QueueName } from '@mahir/jobs';
import { createQueue, type ReadinessCheck } from '@mahir/runtime';
import { WORKER_CONFIG, WORKER_LOGGER } from '../jobs/job-workers';

/** Events moved per transaction. */
const BATCH = 500;
/** How long Redis may take to accept a batch before the relay gives up and retries later. */
const PUBLISH_TIMEOUT_MS = 5000;
const MAX_BACKOFF_MS = 10_000;
/** Published events are kept this long for inspection, then deleted. */
const RETENTION_DAYS = 7;

interface PendingEvent {
  id: string;
  name: string;
  payload: Record<string, unknown>;
}

/**
 * Moves committed outbox events to BullMQ, job id = event id. It wakes on NOTIFY from the
 * outbox trigger (no polling delay) and claims rows with SKIP LOCKED, so several workers can
 * relay side by side. When Redis is down the claim rolls back and the events wait; a row is
 * marked published only after Redis accepted its job. A crash between the two publishes the
 * event again with the same job id, which BullMQ ignores while the job exists and consumers
 * treat as a no-op after that.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown, ReadinessCheck {
  readonly name = 'outbox-relay';
  private readonly queues = new Map<QueueName, Queue>();
  private listener?: Client;
  private stopped = false;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private retryTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private cleanupTimer?: NodeJS.Timeout;
  private listening = false;

  constructor(
    private readonly db: DataSource,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap() {
    await this.listen();
    this.pollTimer = setInterval(() => this.wake(), this.config.OUTBOX_POLL_SECONDS * 1000);
    this.cleanupTimer = setInterval(() => void this.cleanup(), 3600_000);
    this.wake();
  }

  /** Publishes everything pending now; resolves when the outbox is drained (or Redis refused). */
  async drain(): Promise<void> {
    this.wake();
    while (this.running) await this.running;
  }

  private wake() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relayAll().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async relayAll() {
    try {
      while (!this.stopped && (await this.relayBatch()) === BATCH);
      this.failures = 0;
    } catch (error) {
      this.failures++;
      const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.failures, 6));
      this.logger.warn({ err: error, retryInMs: delay }, 'outbox relay could not publish; events wait in the outbox');
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.wake(), delay);
    }
  }

  private async relayBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const events: PendingEvent[] = await tx.query(
        `SELECT id, name, payload FROM outbox_event WHERE published_at IS NULL
         ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (events.length === 0) return 0;
      const byQueue = new Map<QueueName, PendingEvent[]>();
      const unknown: string[] = [];
      for (const event of events) {
        if (!isJobName(event.name)) {
          unknown.push(event.id);
          continue;
        }
        const queue = JOB_QUEUE[event.name];
        byQueue.set(queue, [...(byQueue.get(queue) ?? []), event]);
      }
      await withTimeout(
        Promise.all(
          [...byQueue].map(([queue, batch]) =>
            this.queue(queue).addBulk(
              batch.map((e) => ({ name: e.name, data: { ...e.payload, eventId: e.id }, opts: { ...DEFAULT_JOB_OPTIONS, jobId: e.id } })),
            ),
          ),
        ),
        PUBLISH_TIMEOUT_MS,
      );
      const published = events.filter((e) => !unknown.includes(e.id)).map((e) => e.id);
      await tx.query(`UPDATE outbox_event SET published_at = clock_timestamp(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [published]);
      if (unknown.length) {
        // A name no code knows (an event from a newer release): keep it, visibly, instead of losing it.
        await tx.query(`UPDATE outbox_event SET attempts = attempts + 1, last_error = 'unknown event name' WHERE id = ANY($1::uuid[])`, [unknown]);
        this.logger.error({ events: unknown }, 'outbox events with an unknown name were left in the outbox');
      }
      return events.length - unknown.length === 0 ? 0 : events.length;
    });
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // Fail fast while Redis is away instead of buffering commands in memory.
      queue = createQueue(name, this.config, {
        mode: 'fail-fast',
        onError: (error) => this.logger.debug({ err: error, queue: name }, 'outbox queue connection error'),
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  private async listen() {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'mahir-outbox-relay' });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'outbox listener lost its connection; reconnecting');
      this.listening = false;
      void client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen().catch(() => undefined), 1000);
    });
    try {
      await client.connect();
      await client.query('LISTEN mahir_outbox');
      this.listener = client;
      this.listening = true;
      this.wake(); // events committed while the listener was away
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox listener could not connect; retrying');
      void client.end().catch(() => undefined);
      setTimeout(() => void this.listen().catch(() => undefined), 1000);
    }
  }

  private async cleanup() {
    try {
      await this.db.query(`DELETE FROM outbox_event WHERE published_at < now() - interval '${RETENTION_DAYS} days'`);
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox cleanup failed');
    }
  }

  async check() {
    if (!this.listening) throw new Error('outbox listener is not connected');
  }

  async onApplicationShutdown() {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.cleanupTimer);
    clearTimeout(this.retryTimer);
    while (this.running) await this.running;
    await this.listener?.end().catch(() => undefined);
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not accept the events within ${ms} ms`)), ms);
    }),
  ]);
}
