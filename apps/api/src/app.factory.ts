import { INestApplication, Logger, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger as Pino } from 'pino';
import { NestPinoLogger, requestLogging } from '@mahir/runtime';
import type { ApiConfigValue } from './api-config';
import { AppModule } from './app.module';
import { sendProblem } from './platform/problem/problem-response';
import { isPortalRequest, PORTAL_ERROR_PAGES, type PortalErrorPages } from './platform/portal/portal-errors';
import { portalControllers, portalRoutes } from './platform/portal/portal-pages';
import { createValidationPipe } from './platform/problem/validation';
import { bodyRoutes, type BodyKind, type BodyRoute } from './platform/http/request-body';

/**
 * Portal pages are compressed (phones on weak connections) and carry a strict content
 * security policy: our own scripts and styles only; media and downloads from the object store.
 */
function portalResponses() {
  const compress = compression({ threshold: 1024 });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isPortalRequest(req)) return next();
    // A search form sends its empty fields too (`?q=x&type=&level=`): drop them with a redirect,
    // so the filters read like the API's (absent, not empty) and the address stays clean.
    const at = req.originalUrl.indexOf('?');
    if (req.method === 'GET' && at >= 0) {
      const params = new URLSearchParams(req.originalUrl.slice(at + 1));
      if ([...params.values()].some((v) => v === '')) {
        const kept = new URLSearchParams([...params.entries()].filter(([, v]) => v !== ''));
        const query = kept.toString();
        return res.redirect(303, `${req.originalUrl.slice(0, at)}${query ? `?${query}` : ''}`);
      }
    }
    res.setHeader('Content-Security-Policy', PORTAL_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    compress(req, res, next);
  };
}

const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: http: https:",
  "media-src 'self' blob: http: https:",
  "object-src 'none'",
  "frame-src 'self' http: https:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const API_PREFIX = 'api/v1';

/** The body kind a route declared with @RequestBody(), or JSON. */
function bodyKindOf(routes: readonly BodyRoute[], req: Request): BodyKind | 'json' {
  return routes.find((r) => r.method === req.method && r.pattern.test(req.path))?.kind ?? 'json';
}

/** Body parsers whose failures (malformed JSON, too large) answer as problem documents. */
function bodyParsing(config: ApiConfigValue, portalErrors: PortalErrorPages, routes: readonly BodyRoute[]) {
  const json = express.json({ limit: config.BODY_LIMIT_BYTES, strict: true });
  const form = express.urlencoded({ extended: true, limit: config.BODY_LIMIT_BYTES, parameterLimit: 5000 });
  const csv = express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: config.IMPORT_LIMIT_BYTES });
  return (req: Request, res: Response, next: NextFunction) => {
    if (isPortalRequest(req)) return portalBody(req, res, next);
    const kind = bodyKindOf(routes, req);
    const importing = kind === 'csv';
    const hasBody = Number(req.header('content-length') ?? 0) > 0 || req.header('transfer-encoding') !== undefined;
    const type = req.header('content-type') ?? '';
    // Uploads take multipart/form-data, read by multer in their route with its own limit.
    if (kind === 'multipart') {
      if (hasBody && !/^multipart\/form-data\b/i.test(type)) return sendProblem(req, res, 415, 'request.unsupportedMediaType', { type: type || '-' });
      return next();
    }
    if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method)) {
      const expected = importing ? /^(text\/csv|text\/plain|application\/csv)\b/i : /^application\/([\w.+-]+\+)?json\b/i;
      if (!expected.test(type)) return sendProblem(req, res, 415, 'request.unsupportedMediaType', { type: type || '-' });
    }
    const parser = importing ? csv : json;
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const e = error as { type?: string; status?: number };
      if (e.type === 'entity.too.large') {
        return sendProblem(req, res, 413, 'request.tooLarge', { limit: importing ? config.IMPORT_LIMIT_BYTES : config.BODY_LIMIT_BYTES });
      }
      if (e.type === 'entity.parse.failed') return sendProblem(req, res, 400, 'request.malformedJson');
      if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
        return sendProblem(req, res, 415, 'request.unsupportedMediaType', { type: type || '-' });
      }
      return sendProblem(req, res, e.status && e.status < 500 ? e.status : 400, 'rule.invalid', { field: 'body' });
    });
  };

  /**
   * Portal forms post application/x-www-form-urlencoded (or JSON from the page scripts);
   * uploads post multipart/form-data, read by multer in their routes. Failures answer as
   * the portal's error page.
   */
  function portalBody(req: Request, res: Response, next: NextFunction) {
    const type = req.header('content-type') ?? '';
    const hasBody = Number(req.header('content-length') ?? 0) > 0 || req.header('transfer-encoding') !== undefined;
    if (!hasBody || !['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method) || /^multipart\/form-data\b/i.test(type)) return next();
    const parser = /^application\/x-www-form-urlencoded\b/i.test(type) ? form : /^application\/([\w.+-]+\+)?json\b/i.test(type) ? json : null;
    if (!parser) return portalErrors.send(req, res, 415, 'request.unsupportedMediaType', { type: type || '-' });
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const e = error as { type?: string };
      if (e.type === 'entity.too.large') return portalErrors.send(req, res, 413, 'request.tooLarge', { limit: config.BODY_LIMIT_BYTES });
      return portalErrors.send(req, res, 400, 'request.malformedJson');
    });
  }
}

export async function createApiApp(config: ApiConfigValue, pino: Pino): Promise<INestApplication> {
  const logger = new Logger('api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    bodyParser: false,
    logger: new NestPinoLogger(pino),
  });
  app.set('trust proxy', config.TRUST_PROXY);
  app.disable('x-powered-by');
  app.use(requestLogging(pino));
  app.use(portalResponses());
  app.use(bodyParsing(config, app.get<PortalErrorPages>(PORTAL_ERROR_PAGES), bodyRoutes(app, API_PREFIX)));
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }, { path: 'health/ready', method: RequestMethod.GET },
    // The public verification page the certificates' QR codes point to.
    { path: 'verify/:code', method: RequestMethod.GET },
    // The web portal's pages.
    ...portalRoutes(portalControllers(app))] });
  app.useGlobalPipes(createValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Mahir API')
      .setDescription('Competency-based e-learning for ASN. Errors are application/problem+json (RFC 9457).')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
