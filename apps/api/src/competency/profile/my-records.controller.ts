import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { LEDGER_SOURCES } from '@mahir/competency';
import { Portal } from '@mahir/runtime';
import type { PortalRequest } from '../../platform';
import { PortalSessions } from '../../platform';
import { CertificatesService } from '../../certification';
import { LedgerQueryDto } from '../ledger/dto/ledger.dto';
import { LedgerService } from '../ledger/ledger.service';
import { NotificationListQueryDto } from '../../notifications';
import { NotificationsService } from '../../notifications';
import { PageQueryDto } from '../../platform';
import { Problem } from '../../platform';
import { ProfileService } from './profile.service';
import { safeNext } from '../../platform';
import { portalLocale, portalText } from '../../platform';
import { ViewService } from '../../platform';
import { competencyChart } from './competency-chart';
import { pageNumber, pagerOf, requireEmployee, requireUuid } from '../../platform';
import { PortalPages } from '../../platform';

const PAGE_SIZE = 20;
const SOURCE_NAMES = Object.fromEntries(LEDGER_SOURCES.map((s) => [s, `learner.source.${s}`]));
const STATE_NAMES = { pending: 'learner.certificate.pending', valid: 'learner.certificate.valid', revoked: 'learner.certificate.revoked', expired: 'learner.certificate.expired' };

/** The learner's own records: competencies against the position, the ledger, certificates and notifications. */
@PortalPages()
@Controller()
export class MyRecordsController {
  constructor(
    private readonly views: ViewService,
    private readonly sessions: PortalSessions,
    private readonly profiles: ProfileService,
    private readonly ledger: LedgerService,
    private readonly certificates: CertificatesService,
    private readonly notifications: NotificationsService,
  ) {}

  @Get('me/competencies')
  @Portal()
  async competencies(@Req() req: PortalRequest) {
    const employeeId = requireEmployee(req.actor);
    const lang = portalLocale(req);
    const profile = await this.profiles.profile(req.actor, employeeId);
    const rows = profile.items.map((item) => ({
      code: item.competency?.code ?? '',
      name: item.competency?.name ?? '',
      held: item.held,
      required: item.required,
      shortfall: item.shortfall,
      status: item.status,
      validUntil: item.validUntil,
    }));
    const chart = rows.length
      ? competencyChart(
          rows.map((r) => ({ label: r.code ? `${r.code} ${r.name}` : r.name, held: r.held, required: r.required })),
          {
            title: portalText('learner.competencies.chartTitle', lang),
            held: portalText('learner.competencies.held', lang),
            required: portalText('learner.competencies.required', lang),
            rowTitle: (row) => portalText('learner.competencies.rowTitle', lang, { name: row.label, held: row.held, required: row.required }),
          },
        )
      : null;
    return this.views.page(
      req,
      'learner/competencies',
      { title: 'learner.competencies.title' },
      {
        rows,
        chart,
        matchScore: profile.matchScore,
        totalShortfall: profile.totalShortfall,
        others: profile.otherHeld.map((o) => ({ code: o.competency?.code ?? '', name: o.competency?.name ?? '', held: o.held, validUntil: o.validUntil })),
      },
    );
  }

  @Get('me/ledger')
  @Portal()
  async ledgerHistory(@Req() req: PortalRequest) {
    const employeeId = requireEmployee(req.actor);
    const page = pageNumber(req);
    const history = await this.ledger.history(req.actor, employeeId, Object.assign(new LedgerQueryDto(), { page, pageSize: PAGE_SIZE }));
    return this.views.page(req, 'learner/ledger', { title: 'learner.ledger.title' }, { entries: history.items, pager: pagerOf(req, page, PAGE_SIZE, history.total), sourceNames: SOURCE_NAMES });
  }

  @Get('me/certificates{/}')
  @Portal()
  async myCertificates(@Req() req: PortalRequest) {
    requireEmployee(req.actor);
    const page = pageNumber(req);
    const mine = await this.certificates.mine(req.actor, Object.assign(new PageQueryDto(), { page, pageSize: PAGE_SIZE }));
    return this.views.page(req, 'learner/certificates', { title: 'learner.certificates.title' }, { certificates: mine.items, pager: pagerOf(req, page, PAGE_SIZE, mine.total), stateNames: STATE_NAMES });
  }

  /** The file through a short presigned link, made when asked for: never a link that has expired on the page. */
  @Get('me/certificates/:id/download')
  @Portal()
  async download(@Req() req: PortalRequest, @Res() res: Response, @Param('id') id: string) {
    requireEmployee(req.actor);
    requireUuid(id, 'certificate.notFound');
    try {
      const link = await this.certificates.download(req.actor, id);
      res.setHeader('Cache-Control', 'no-store');
      return res.redirect(303, link.url);
    } catch (error) {
      if (!(error instanceof Problem) || error.getStatus() !== 409) throw error;
      await this.sessions.flash(req.portal.id, { kind: 'error', key: 'learner.certificates.notReady' });
      return res.redirect(303, '/me/certificates');
    }
  }

  @Get('notifications')
  @Portal()
  async notificationList(@Req() req: PortalRequest) {
    requireEmployee(req.actor);
    const page = pageNumber(req);
    const unreadOnly = req.query['unread'] === 'true';
    const query = Object.assign(new NotificationListQueryDto(), { page, pageSize: PAGE_SIZE, unread: unreadOnly ? true : undefined });
    const list = await this.notifications.list(req.actor, query);
    const items = (list.items as { id: string; data: Record<string, unknown> | null; readAt: string | null }[]).map((n) => ({ ...n, href: linkOf(n.data) }));
    return this.views.page(
      req,
      'learner/notifications',
      { title: 'learner.notifications.title' },
      { items, unread: list.unread, unreadOnly, pager: pagerOf(req, page, PAGE_SIZE, list.total), back: req.originalUrl },
    );
  }

  @Post('notifications/read-all')
  @Portal()
  async readAll(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response) {
    requireEmployee(req.actor);
    const { marked } = await this.notifications.markAllRead(req.actor);
    await this.sessions.flash(req.portal.id, { kind: 'success', key: 'learner.notifications.allRead', params: { count: marked } });
    return res.redirect(303, '/notifications');
  }

  @Post('notifications/:id/read')
  @Portal()
  async read(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    requireEmployee(req.actor);
    requireUuid(id, 'notification.notFound');
    await this.notifications.markRead(req.actor, id);
    return res.redirect(303, safeNext(body?.['next'], '/notifications'));
  }
}

/** Where a notification leads: the course player of its enrollment, a certificate list, else nowhere. */
function linkOf(data: Record<string, unknown> | null): string | null {
  const id = (v: unknown) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v : null);
  if (!data) return null;
  if (id(data['enrollmentId'])) return `/learn/${id(data['enrollmentId'])}`;
  if (id(data['certificateId'])) return '/me/certificates';
  if (id(data['courseId'])) return `/catalog/${id(data['courseId'])}`;
  return null;
}
