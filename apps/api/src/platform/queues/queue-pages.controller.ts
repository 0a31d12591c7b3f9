import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { QUEUES } from '@mahir/jobs';
import { Portal } from '@mahir/runtime';
import { hasRole, type PortalRequest } from '../auth/actor';
import { PortalSessions } from '../auth/portal-sessions';
import { PageQueryDto } from '../pagination/page-query.dto';
import { Problem } from '../problem/problem';
import { QueuesService } from './queues.service';
import { safeNext } from '../portal/forms';
import { ViewService } from '../portal/rendering/view.service';
import { pageLinks, UUID } from '../portal/admin-forms';
import { PortalPages } from '../portal/portal-pages';

const PAGE_SIZE = 20;
const REASON_LENGTH = 300;

/**
 * Queue health: job counts per queue (shared by every agency, naming nobody) and the agency's failed
 * jobs of one queue, with retry and discard for agency admins (as the JSON API allows).
 */
@PortalPages()
@Controller('admin/queues')
export class QueuePagesController {
  constructor(
    private readonly views: ViewService,
    private readonly queues: QueuesService,
    private readonly sessions: PortalSessions,
  ) {}

  @Get()
  @Portal('training_admin', 'tenant_admin')
  async show(@Req() req: PortalRequest, @Query('queue') queue?: string, @Query('page') pageText?: string) {
    const { queues } = await this.queues.counts();
    const names = Object.values(QUEUES) as string[];
    const selected = queue && names.includes(queue) ? queue : (queues.find((q) => q.failed > 0)?.name ?? queues[0]?.name);
    const page = /^\d{1,6}$/.test(pageText ?? '') ? Math.max(1, Number(pageText)) : 1;
    const failed = await this.queues.failed(req.actor, selected, Object.assign(new PageQueryDto(), { page, pageSize: PAGE_SIZE }));
    const here = `/admin/queues?queue=${encodeURIComponent(selected)}${page > 1 ? `&page=${page}` : ''}`;
    return this.views.page(
      req,
      'admin/queues',
      { title: 'admin.queues.title' },
      {
        queues: queues.map((q) => ({ ...q, current: q.name === selected })),
        selected,
        here,
        canAct: hasRole(req.actor, 'tenant_admin'),
        jobs: failed.items.map((j) => ({
          id: j.id,
          name: j.name,
          attemptsMade: j.attemptsMade,
          createdAt: j.createdAt,
          finishedAt: j.finishedAt,
          reason: (j.failedReason ?? '').slice(0, REASON_LENGTH),
        })),
        total: failed.total,
        pager: pageLinks('/admin/queues', { queue: selected }, page, PAGE_SIZE, failed.total),
      },
    );
  }

  @Post('jobs/:jobId/retry')
  @Portal('tenant_admin')
  async retry(@Req() req: PortalRequest, @Res() res: Response, @Param('jobId') jobId: string, @Body() body: Record<string, unknown>) {
    return this.act(req, res, jobId, body, 'retry');
  }

  @Post('jobs/:jobId/discard')
  @Portal('tenant_admin')
  async discard(@Req() req: PortalRequest, @Res() res: Response, @Param('jobId') jobId: string, @Body() body: Record<string, unknown>) {
    return this.act(req, res, jobId, body, 'discard');
  }

  private async act(req: PortalRequest, res: Response, jobId: string, body: Record<string, unknown>, action: 'retry' | 'discard') {
    if (!UUID.test(jobId)) throw new Problem(404, 'queue.jobNotFound');
    const back = safeNext(body['next'], '/admin/queues');
    try {
      await (action === 'retry' ? this.queues.retry(req.actor, jobId) : this.queues.discard(req.actor, jobId));
      await this.sessions.flash(req.portal.id, { kind: 'success', key: action === 'retry' ? 'admin.queues.retried' : 'admin.queues.discarded', params: { id: jobId } });
    } catch (error) {
      // A job another admin handled meanwhile is not an error page: say so and show the list again.
      if (!(error instanceof Problem) || ![404, 409].includes(error.getStatus())) throw error;
      await this.sessions.flash(req.portal.id, { kind: 'error', key: error.getStatus() === 404 ? 'admin.queues.gone' : 'admin.queues.notFailed', params: { id: jobId } });
    }
    res.redirect(303, back.startsWith('/admin/queues') ? back : '/admin/queues');
  }
}
