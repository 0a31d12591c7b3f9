import { Module, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PortalErrorPages, PORTAL_ERROR_PAGES } from './portal-errors';
import { AccountController } from './account.controller';
import { PublicPagesController } from './public-pages.controller';
import { ViewService } from './views/view.service';
import { TEAM_CONTROLLERS, TEAM_IMPORTS } from './team/team-portal';
import { ORG_CONTROLLERS, ORG_IMPORTS } from './org/org-portal';
import { LEARNER_CONTROLLERS, LEARNER_IMPORTS } from './learner/learner-portal';
import { AUTHORING_CONTROLLERS, AUTHORING_IMPORTS } from './authoring/authoring-portal';
import { ADMIN_CONTROLLERS, ADMIN_IMPORTS } from './admin/admin-portal';

/**
 * The server-rendered web portal. Its pages call the same services as the JSON API; every
 * page is a @Portal() route (session cookie + CSRF, checked by the access guard).
 */
/** Every portal controller; their routes live outside the /api/v1 prefix (see portalRoutes). */
export const PORTAL_CONTROLLERS = [PublicPagesController, AccountController, ...TEAM_CONTROLLERS, ...ORG_CONTROLLERS, ...LEARNER_CONTROLLERS, ...AUTHORING_CONTROLLERS, ...ADMIN_CONTROLLERS];

@Module({
  controllers: PORTAL_CONTROLLERS,
  imports: [...LEARNER_IMPORTS, ...AUTHORING_IMPORTS, ...TEAM_IMPORTS, ...ORG_IMPORTS, ...ADMIN_IMPORTS],
  providers: [ViewService, PortalErrorPages, { provide: PORTAL_ERROR_PAGES, useExisting: PortalErrorPages }],
  exports: [ViewService, PORTAL_ERROR_PAGES],
})
export class PortalModule {}

/**
 * An exclusion that matches only this declared route path, as written: Nest matches exclusions
 * against every controller's path, so a pattern would also take an API route of the same shape
 * (or `team/:id` the API's `team/progress`) out of /api/v1. A portal page at a path the API also
 * declares (GET catalog) is written with a no-op optional slash, `catalog{/}`, to stay distinct.
 */
const exactly = (path: string) => path.replace(/[\\{}()[\]*?+!:]/g, (c) => `\\${c}`);

/** The portal's routes as Nest's global-prefix exclusions: every page sits at the site's root. */
export function portalRoutes(controllers: Type[] = PORTAL_CONTROLLERS): { path: string; method: RequestMethod }[] {
  const out: { path: string; method: RequestMethod }[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '').replace(/^\/+|\/+$/g, '');
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (paths === undefined || method === undefined) continue;
      for (const p of Array.isArray(paths) ? paths : [paths]) {
        const path = [base, p.replace(/^\/+|\/+$/g, '')].filter(Boolean).join('/');
        out.push({ path: exactly(path || '/'), method });
      }
    }
  }
  return out;
}
