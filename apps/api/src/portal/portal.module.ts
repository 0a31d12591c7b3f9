import { Module, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PortalErrorPages, PORTAL_ERROR_PAGES } from './portal-errors';
import { AccountController } from './account.controller';
import { PublicPagesController } from './public-pages.controller';
import { ViewService } from './views/view.service';

/**
 * The server-rendered web portal. Its pages call the same services as the JSON API; every
 * page is a @Portal() route (session cookie + CSRF, checked by the access guard).
 */
/** Every portal controller; their routes live outside the /api/v1 prefix (see portalRoutes). */
export const PORTAL_CONTROLLERS = [PublicPagesController, AccountController];

@Module({
  controllers: PORTAL_CONTROLLERS,
  providers: [ViewService, PortalErrorPages, { provide: PORTAL_ERROR_PAGES, useExisting: PortalErrorPages }],
  exports: [ViewService, PORTAL_ERROR_PAGES],
})
export class PortalModule {}

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
        out.push({ path: path || '/', method });
      }
    }
  }
  return out;
}
