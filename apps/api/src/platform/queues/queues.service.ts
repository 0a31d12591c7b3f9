import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QUEUES, type QueueName } from '@mahir/jobs';
import { createQueue } from '@mahir/runtime';
import { API_CONFIG, type ApiConfigValue } from '../../api-config';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { Problem } from '../problem/problem';
import type { PageQueryDto } from '../pagination/page-query.dto';

/** How many failed jobs of a queue are scanned for a tenant's list (failed jobs are kept until discarded). */
const FAILED_SCAN_LIMIT = 5000;

/**
 * Queue health for admins. Queues are shared by every agency, so: counts are global (they name
 * nobody); a super admin sees and handles every failed job; an agency's admins only the failed
 * jobs whose payload names their tenant (others answer 404, as if absent).
 */
@Injectable()
export class QueuesService implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfigValue,
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async counts() {
    const names = Object.values(QUEUES).sort();
    const queues = await Promise.all(
      names.map(async (name) => {
        const c = await this.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'paused', 'prioritized', 'waiting-children');
        return { name, waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0, paused: c.paused ?? 0 };
      }),
    );
    return { queues };
  }

  async failed(actor: Actor, name: string, query: PageQueryDto) {
    const queue = this.queue(this.known(name));
    const start = (query.page - 1) * query.pageSize;
    if (actor.superAdmin) {
      const [jobs, total] = await Promise.all([queue.getFailed(start, start + query.pageSize - 1), queue.getFailedCount()]);
      return { items: jobs.map((j) => this.present(name, j)), page: query.page, pageSize: query.pageSize, total };
    }
    const own = (await queue.getFailed(0, FAILED_SCAN_LIMIT - 1)).filter((j) => this.visible(actor, j));
    return { items: own.slice(start, start + query.pageSize).map((j) => this.present(name, j)), page: query.page, pageSize: query.pageSize, total: own.length };
  }

  async retry(actor: Actor, jobId: string) {
    const { name, job } = await this.failedJob(actor, jobId);
    await job.retry('failed');
    await this.audit.record(this.db.manager, actor, 'queue.job.retry', 'queue_job', jobId, { queue: name, job: job.name, tenantId: this.tenantOfJob(job) });
    return { id: jobId, queue: name, name: job.name, state: await job.getState() };
  }

  async discard(actor: Actor, jobId: string) {
    const { name, job } = await this.failedJob(actor, jobId);
    await job.remove();
    await this.audit.record(this.db.manager, actor, 'queue.job.discard', 'queue_job', jobId, { queue: name, job: job.name, tenantId: this.tenantOfJob(job), failedReason: job.failedReason });
    return { id: jobId, queue: name, name: job.name, discarded: true };
  }

  /** Job ids are outbox event ids (UUIDs), unique across queues. */
  private async failedJob(actor: Actor, jobId: string): Promise<{ name: QueueName; job: Job }> {
    for (const name of Object.values(QUEUES)) {
      const job = await this.queue(name).getJob(jobId);
      if (!job || !this.visible(actor, job)) continue;
      if ((await job.getState()) !== 'failed') throw new Problem(409, 'queue.jobNotFailed');
      return { name, job };
    }
    throw new Problem(404, 'queue.jobNotFound');
  }

  private visible(actor: Actor, job: Job): boolean {
    return actor.superAdmin || (actor.tenantId !== null && this.tenantOfJob(job) === actor.tenantId);
  }

  private tenantOfJob(job: Job): string | null {
    const data = job.data as { tenantId?: unknown } | undefined;
    return typeof data?.tenantId === 'string' ? data.tenantId : null;
  }

  private present(queue: string, job: Job) {
    return {
      id: job.id, queue, name: job.name, tenantId: this.tenantOfJob(job), data: job.data, failedReason: job.failedReason,
      attemptsMade: job.attemptsMade, createdAt: new Date(job.timestamp).toISOString(), finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }

  private known(name: string): QueueName {
    if (!(Object.values(QUEUES) as string[]).includes(name)) throw new Problem(404, 'queue.notFound', { name });
    return name as QueueName;
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // Fail fast: an admin's page answers at once while Redis is away; errors surface in the calls that need Redis.
      queue = createQueue(name, this.config, { mode: 'fail-fast', onError: () => undefined });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown() {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
