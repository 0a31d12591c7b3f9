import { Body, Controller, Get, Header, HttpCode, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Portal, Public } from '@mahir/runtime';
import type { PortalRequest } from '../auth/actor';
import { AuthService } from '../auth/auth.service';
import { PortalSessions } from '../auth/portal-sessions';
import { Problem } from '../problem/problem';
import { safeNext } from './forms';
import { LANG_COOKIE, portalLocale, portalText } from './i18n';
import { ViewService } from './rendering/view.service';
import { PortalPages } from './portal-pages';

const YEAR = 365 * 24 * 3600;

/** Sign-in and sign-out, the language switch, the portal's static assets and the verification form. */
@PortalPages()
@Controller()
export class PublicPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly sessions: PortalSessions,
    private readonly auth: AuthService,
  ) {}

  @Get('login')
  @Public()
  @Header('Cache-Control', 'no-store')
  async loginForm(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Query('next') next?: string) {
    if (await this.sessions.resume(req, res)) return res.redirect(303, safeNext(next));
    const csrf = this.sessions.loginCsrf(req, res);
    return this.views.publicPage(req, 'login', { title: 'common.login.title' }, { csrf, next: safeNext(next) });
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async login(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: Record<string, unknown>) {
    const lang = portalLocale(req);
    const next = safeNext(body?.['next']);
    const identifier = typeof body?.['identifier'] === 'string' ? body['identifier'].slice(0, 200) : '';
    const password = typeof body?.['password'] === 'string' ? body['password'].slice(0, 500) : '';
    const again = (status: number, summary: string, errors: Record<string, string> = {}) => {
      res.status(status);
      const csrf = this.sessions.loginCsrf(req, res);
      return this.views.publicPage(req, 'login', { title: 'common.login.title', values: { identifier }, errors, errorSummary: summary }, { csrf, next });
    };
    if (!this.sessions.loginCsrfMatches(req, body?.['_csrf'])) return again(403, portalText('common.login.expired', lang));
    const missing: Record<string, string> = {};
    const required = portalText('common.required', lang);
    if (!identifier.trim()) missing['identifier'] = `${portalText('common.login.identifier', lang)}: ${required}`;
    if (!password) missing['password'] = `${portalText('common.login.password', lang)}: ${required}`;
    if (Object.keys(missing).length) return again(400, portalText('common.formErrors', lang, { count: Object.keys(missing).length }), missing);
    try {
      const user = await this.auth.authenticate(identifier, password, { ip: req.ip ?? 'unknown', userAgent: req.header('user-agent') ?? null });
      await this.sessions.create(res, user.id);
      res.clearCookie('mahir_login_csrf', { path: '/' });
      return res.redirect(303, next);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      const status = error.getStatus();
      if (status === 429) return again(429, portalText('common.login.tooMany', lang, { seconds: Number(error.extra['retryAfter'] ?? 60) }));
      if (status === 403) return again(403, portalText('common.login.disabled', lang));
      return again(401, portalText('common.login.failed', lang));
    }
  }

  @Post('logout')
  @Portal()
  async logout(@Req() req: PortalRequest, @Res() res: Response) {
    await this.sessions.destroy(req, res);
    res.redirect(303, '/login');
  }

  @Get('lang/:lang')
  @Public()
  switchLanguage(@Param('lang') lang: string, @Query('next') next: string | undefined, @Res() res: Response) {
    if (lang !== 'id' && lang !== 'en') throw new NotFoundException();
    res.cookie(LANG_COOKIE, lang, { maxAge: YEAR * 1000, sameSite: 'lax', path: '/', httpOnly: true });
    res.redirect(303, safeNext(next));
  }

  @Get('assets/:hash/:name')
  @Public()
  asset(@Param('hash') hash: string, @Param('name') name: string, @Res() res: Response) {
    const asset = this.views.assets.get(name);
    if (!asset) throw new NotFoundException();
    // An old hash still gets today's file, but is not cached for long.
    res.setHeader('Cache-Control', asset.hash === hash ? `public, max-age=${YEAR}, immutable` : 'public, max-age=300');
    res.type(asset.type).send(asset.body);
  }

  @Get('verify')
  @Public()
  verifyForm(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Query('code') code?: string) {
    const typed = typeof code === 'string' ? code.trim().toUpperCase().replace(/[^A-Z0-9]/g, '') : '';
    if (typed) return res.redirect(303, `/verify/${encodeURIComponent(typed)}`);
    return this.views.publicPage(req, 'verify-form', { title: 'common.verify.title' });
  }
}
