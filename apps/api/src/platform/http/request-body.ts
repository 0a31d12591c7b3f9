import { RequestMethod, SetMetadata, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';

/** What a route's body is when it is not JSON: a CSV file (the import limit) or a multipart upload (read by multer in the route). */
export type BodyKind = 'csv' | 'multipart';

const BODY_KIND = 'mahir:body-kind';

/**
 * Declares on the route itself that its body is CSV or multipart, so the body parsers in
 * front of routing choose the right parser and limit; no list of routes is kept elsewhere.
 */
export const RequestBody = (kind: BodyKind) => SetMetadata(BODY_KIND, kind);

export interface BodyRoute {
  kind: BodyKind;
  method: string;
  pattern: RegExp;
}

const METHOD_NAMES: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
};

/** A route path as Express matches it: any case, parameters one segment each, trailing slashes ignored. */
function routePattern(prefix: string, base: string, path: string): RegExp {
  const segments = [prefix, base, path].flatMap((p) => p.split('/')).filter(Boolean);
  const source = segments.map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return new RegExp(`^/${source}/*$`, 'i');
}

/** Every route of the running app that declared a non-JSON body with @RequestBody(). */
export function bodyRoutes(app: INestApplication, prefix: string): BodyRoute[] {
  const out: BodyRoute[] = [];
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as Type | null;
    if (!controller) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const kind = Reflect.getMetadata(BODY_KIND, handler) as BodyKind | undefined;
      const method = METHOD_NAMES[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (!kind || !method || paths === undefined) continue;
      for (const p of Array.isArray(paths) ? paths : [paths]) out.push({ kind, method, pattern: routePattern(prefix, base, p) });
    }
  }
  return out;
}
