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
import { CERTIFICATE_CHECK_ROUTE } from './certificates/certificates.controller';
import { COMPETENCY_IMPORT_ROUTE } from './competencies/competencies.controller';
import { IMPORT_ROUTE } from './employees/employees.controller';
import { ASSIGNMENT_CSV_ROUTE } from './enrollments/assignments.controller';
import { EVIDENCE_UPLOAD_ROUTE } from './ledger/evidence.controller';
import { sendProblem } from './problem/problem-response';
import { isPortalRequest, PORTAL_ERROR_PAGES, type PortalErrorPages } from './portal/portal-errors';
import { portalRoutes } from './portal/portal.module';
import { createValidationPipe } from './problem/validation';

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

/** The routes whose body is CSV, not JSON. */
const CSV_ROUTES: readonly (string | RegExp)[] = [IMPORT_ROUTE, COMPETENCY_IMPORT_ROUTE, ASSIGNMENT_CSV_ROUTE];

/** Body parsers whose failures (malformed JSON, too large) answer as problem documents. */
function bodyParsing(config: ApiConfigValue, portalErrors: PortalErrorPages) {
  const json = express.json({ limit: config.BODY_LIMIT_BYTES, strict: true });
  const form = express.urlencoded({ extended: true, limit: config.BODY_LIMIT_BYTES, parameterLimit: 5000 });
  const csv = express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: config.IMPORT_LIMIT_BYTES });
  return (req: Request, res: Response, next: NextFunction) => {
    if (isPortalRequest(req)) return portalBody(req, res, next);
    // Express routes ignore case and a trailing slash; the choice of parser must too.
    const route = req.path.replace(/\/+$/, '').toLowerCase();
    const importing = CSV_ROUTES.some((r) => (typeof r === 'string' ? r === route : r.test(route)));
    const hasBody = Number(req.header('content-length') ?? 0) > 0 || req.header('transfer-encoding') !== undefined;
    const type = req.header('content-type') ?? '';
    // The evidence upload alone takes multipart/form-data, read by multer in its route with its own limit.
    // So does the public check of a certificate's PDF.
    if (req.method === 'POST' && (EVIDENCE_UPLOAD_ROUTE.test(req.path) || CERTIFICATE_CHECK_ROUTE.test(req.path))) {
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
  app.use(bodyParsing(config, app.get<PortalErrorPages>(PORTAL_ERROR_PAGES)));
  app.setGlobalPrefix('api/v1', { exclude: [{ path: 'health', method: RequestMethod.GET }, { path: 'health/ready', method: RequestMethod.GET },
    // The public verification page the certificates' QR codes point to.
    { path: 'verify/:code', method: RequestMethod.GET },
    // The web portal's pages.
    ...portalRoutes()] });
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
