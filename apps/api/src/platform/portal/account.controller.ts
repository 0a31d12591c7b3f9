import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Portal } from '@mahir/runtime';
import type { PortalRequest } from '../auth/actor';
import { AuthService } from '../auth/auth.service';
import { ChangePasswordDto } from '../auth/dto/change-password.dto';
import { PortalSessions } from '../auth/portal-sessions';
import { problemToForm, validateForm } from './forms';
import { ViewService } from './rendering/view.service';
import { PortalPages } from './portal-pages';

/** The signed-in user's own account: who they are, their roles, and changing the password. */
@PortalPages()
@Controller('account')
export class AccountController {
  constructor(
    private readonly views: ViewService,
    private readonly auth: AuthService,
    private readonly sessions: PortalSessions,
  ) {}

  @Get()
  @Portal()
  async show(@Req() req: PortalRequest) {
    return this.render(req, {});
  }

  @Post('password')
  @Portal()
  async changePassword(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Body() body: Record<string, unknown>) {
    const form = await validateForm(req, ChangePasswordDto, body);
    if (form.invalid) {
      res.status(400);
      return this.render(req, { errors: form.invalid.errors, errorSummary: form.invalid.summary });
    }
    try {
      await this.auth.changePassword(req.actor, form.value.currentPassword, form.value.newPassword, { ip: req.ip ?? 'unknown', userAgent: req.header('user-agent') ?? null });
    } catch (error) {
      const invalid = problemToForm(req, error);
      res.status(400);
      return this.render(req, { errors: invalid.errors, errorSummary: invalid.summary });
    }
    // The new password ends every session, this one included: sign in again.
    await this.sessions.destroy(req, res);
    return res.redirect(303, '/login');
  }

  private async render(req: PortalRequest, frame: { errors?: Record<string, string>; errorSummary?: string }) {
    const user = await this.auth.accountSummary(req.actor.userId);
    return this.views.page(req, 'account', { title: 'common.account.title', ...frame }, { account: user, roles: req.actor.roles.map((r) => `common.role.${r}`) });
  }
}
