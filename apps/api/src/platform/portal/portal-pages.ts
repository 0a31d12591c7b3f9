import { applyDecorators, RequestMethod, SetMetadata, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';

const PORTAL_PAGES = 'mahir:portal-pages';

/**
 * Marks a controller as portal pages: its routes sit at the site's root (outside /api/v1) and
 * stay out of the OpenAPI document. A feature declares its pages with this alone; nothing
 * else needs editing for its routes to be found.
 */
export const PortalPages = () => applyDecorators(ApiExcludeController(), SetMetadata(PORTAL_PAGES, true));

/** Every controller of the running app marked with @PortalPages(). */
export function portalControllers(app: INestApplication): Type[] {
  return app
    .get(DiscoveryService)
    .getControllers()
    .map((wrapper) => wrapper.metatype as Type | null)
    .filter((type): type is Type => !!type && Reflect.getMetadata(PORTAL_PAGES, type) === true);
}

/**
 * An exclusion that matches only this declared route path, as written: Nest matches exclusions
 * against every controller's path, so a pattern would also take an API route of the same shape
 * (or `team/:id` the API's `team/progress`) out of /api/v1. A portal page at a path the API also
 * declares (GET catalog) is written with a no-op optional slash, `catalog{/}`, to stay distinct.
 */
const exactly = (path: string) => path.replace(/[\\{}()[\]*?+!:]/g, (c) => `\\${c}`);

/** The portal's routes as Nest's global-prefix exclusions: every page sits at the site's root. */
export function portalRoutes(controllers: Type[]): { path: string; method: RequestMethod }[] {
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
