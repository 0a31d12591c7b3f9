import { Queue, type ConnectionOptions } from 'bullmq';
import type { BaseConfig } from '@mahir/config';
import type { QueueName } from '@mahir/jobs';

/** What every queue and worker connection is built from: the validated config, never process.env. */
export type QueueConfig = Pick<BaseConfig, 'REDIS_URL' | 'QUEUE_PREFIX'>;

/**
 * How a connection behaves while Redis is away:
 * - 'wait' (the default): commands are buffered and retried until Redis is back;
 * - 'fail-fast': one retry, no offline buffering, so a request or a relay batch fails at once instead of hanging;
 * - 'blocking': a worker's connection, whose blocking reads BullMQ requires to retry forever.
 */
export type QueueConnectionMode = 'wait' | 'fail-fast' | 'blocking';

export interface CreateQueueOptions {
  mode?: Exclude<QueueConnectionMode, 'blocking'>;
  /** Connection errors; without a listener an error event would be unhandled. */
  onError?: (error: Error) => void;
}

/** The BullMQ connection and key prefix of every queue and worker (one place, so they never disagree). */
export function queueConnection(config: QueueConfig, mode: QueueConnectionMode = 'wait'): { connection: ConnectionOptions; prefix: string } {
  const retries =
    mode === 'fail-fast' ? { maxRetriesPerRequest: 1, enableOfflineQueue: false } : mode === 'blocking' ? { maxRetriesPerRequest: null } : {};
  return { connection: { url: config.REDIS_URL, ...retries }, prefix: config.QUEUE_PREFIX };
}

/** A producer or admin handle on one of Mahir's queues. The caller closes it. */
export function createQueue(name: QueueName, config: QueueConfig, options: CreateQueueOptions = {}): Queue {
  const queue = new Queue(name, queueConnection(config, options.mode));
  if (options.onError) queue.on('error', options.onError);
  return queue;
}
