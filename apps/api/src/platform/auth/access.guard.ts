import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_KEY, type Access } from '@mahir/runtime';
import { Problem } from '../problem/problem';
import type { Response } from 'express';
import type { Role } from '@mahir/competency';
import type { PortalRequest, RequestWithActor } from './actor';
import { AccountsRepository } from './accounts.repository';
import { PortalRedirect } from './portal-redirect';
import { PortalSessions, tokensMatch } from './portal-sessions';
import { TokenService } from './token.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Global guard: a route is reachable only as it declares (@Public, @Authenticated,
 * @Roles). A route that declares nothing is denied, so a forgotten decorator fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: PortalSessions,
    private readonly accounts: AccountsRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!access) throw new Problem(403, 'auth.routeUndeclared');
    if (access.kind === 'public') return true;
    if (access.kind === 'portal') return this.portalPage(context, access.roles);

    const req = context.switchToHttp().getRequest<RequestWithActor>();
    const header = req.header('authorization');
    if (!header) throw new Problem(401, 'auth.tokenMissing');
    const [scheme, token] = header.split(' ');
    const subject = scheme?.toLowerCase() === 'bearer' && token ? await this.tokens.verifyAccess(token) : null;
    if (!subject) throw new Problem(401, 'auth.tokenInvalid');

    let tenantId = subject.tenantId;
    if (subject.superAdmin) {
      // A super admin acts in the tenant named by X-Tenant-Id; without it, only cross-tenant routes work.
      const chosen = req.header('x-tenant-id');
      if (chosen !== undefined) {
        if (!UUID.test(chosen)) throw Problem.field(400, 'X-Tenant-Id', 'rule.isUuid');
        // An unknown agency would otherwise read as empty lists and fail writes with foreign-key errors.
        if (!(await this.accounts.tenantExists(chosen))) throw Problem.field(400, 'X-Tenant-Id', 'tenant.notFound');
      }
      tenantId = chosen ?? null;
    }
    req.actor = { ...subject, tenantId };

    if (access.kind === 'roles') {
      const allowed = access.roles.some((r) => (r === 'super_admin' ? subject.superAdmin : subject.roles.includes(r) || subject.superAdmin));
      if (!allowed) throw new Problem(403, 'auth.forbiddenRole');
    }
    return true;
  }

  /**
   * A portal page: the session cookie names the user; a page without a session sends the
   * browser to the login form (and back afterwards). Every state-changing request must
   * carry the session's CSRF token, as the form field `_csrf` or the X-CSRF-Token header.
   */
  private async portalPage(context: ExecutionContext, roles: Role[]): Promise<boolean> {
    const req = context.switchToHttp().getRequest<PortalRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const session = await this.sessions.resume(req, res);
    if (!session) {
      const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      throw new PortalRedirect(`/login${back}`);
    }
    req.actor = session.actor;
    req.portal = session;
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      // A multipart upload's fields are read after this guard (by the route's multer), so a form
      // without script carries the token in its action URL instead (`?_csrf=`), for multipart only.
      const multipart = /^multipart\/form-data\b/i.test(req.header('content-type') ?? '');
      const presented =
        (req.body as Record<string, unknown> | undefined)?.['_csrf'] ?? req.header('x-csrf-token') ?? (multipart ? req.query['_csrf'] : undefined);
      if (!tokensMatch(session.csrf, presented)) throw new Problem(403, 'auth.csrfInvalid');
    }
    if (roles.length && !roles.some((r) => (r === 'super_admin' ? session.actor.superAdmin : session.actor.roles.includes(r) || session.actor.superAdmin))) {
      throw new Problem(403, 'auth.forbiddenRole');
    }
    return true;
  }
}
