import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isMessageKey, translate, type MessageKey, type MessageParams } from '@mahir/i18n';
import { currentRequestId } from '@mahir/runtime';
import { portalLocale, portalText } from './i18n';
import { ViewService } from './rendering/view.service';

export const PORTAL_ERROR_PAGES = Symbol('PORTAL_ERROR_PAGES');

/** Requests the portal answers in HTML: everything but the JSON API, its docs and the health checks. */
export function isPortalRequest(req: Request): boolean {
  return !/^\/(api|health)(\/|$)/.test(req.path);
}

/** The portal's error page: the problem's message in the page's language, with the right status. */
@Injectable()
export class PortalErrorPages {
  constructor(@Inject(ViewService) private readonly views: ViewService) {}

  send(req: Request, res: Response, status: number, key: MessageKey, params: MessageParams = {}): void {
    const lang = portalLocale(req);
    const general = `common.error.${status}`;
    const message =
      status >= 500
        ? portalText('common.error.500', lang, { requestId: currentRequestId() ?? '-' })
        : key === 'request.routeNotFound' || key === 'auth.forbiddenRole' || !isMessageKey(key)
          ? portalText(general, lang)
          : translate(key, lang, params);
    const html = this.views.publicPage(req, 'error', { title: 'common.error.title' }, { message });
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(html);
  }
}
