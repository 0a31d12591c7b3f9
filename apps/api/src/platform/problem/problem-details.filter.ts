import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import type { MessageKey } from '@mahir/i18n';
import { Problem } from './problem';
import { sendProblem } from './problem-response';
import { currentRequestId } from '@mahir/runtime';
import { PortalRedirect } from '../auth/portal-redirect';
import { isPortalRequest, PORTAL_ERROR_PAGES, type PortalErrorPages } from '../portal/portal-errors';

/** PostgreSQL error codes that mean the client sent something impossible, not that we failed. */
const CLIENT_SQL_ERRORS: Record<string, number> = {
  '23505': 409, // unique_violation
  '23503': 409, // foreign_key_violation
  '23514': 422, // check_violation
  '22P02': 400, // invalid_text_representation (e.g. a malformed uuid)
  '22001': 400, // string_data_right_truncation
  '40001': 409, // serialization_failure
};

/**
 * Unique keys the services check first, named here for when two requests race past that
 * check and the database decides: the loser hears which field clashed, as in the checked case.
 */
const UNIQUE_CONSTRAINTS: Record<string, { field: string; key: MessageKey; param: string }> = {
  tenant_code_key: { field: 'code', key: 'tenant.codeTaken', param: 'code' },
  unit_tenant_id_code_key: { field: 'code', key: 'unit.codeTaken', param: 'code' },
  position_tenant_id_code_key: { field: 'code', key: 'position.codeTaken', param: 'code' },
  employee_tenant_id_nip_key: { field: 'nip', key: 'employee.nipTaken', param: 'nip' },
  employee_tenant_id_email_key: { field: 'email', key: 'employee.emailTaken', param: 'email' },
  user_account_employee_id_key: { field: 'employeeId', key: 'user.exists', param: 'id' },
  user_account_email_idx: { field: 'employeeId', key: 'user.exists', param: 'email' },
  user_account_nip_idx: { field: 'employeeId', key: 'user.exists', param: 'nip' },
};

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    @Inject(Logger) private readonly logger: Logger,
    @Optional() @Inject(PORTAL_ERROR_PAGES) private readonly portal?: PortalErrorPages,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof PortalRedirect) {
      res.redirect(303, exception.location);
      return;
    }
    // Portal pages answer errors as an HTML page, the JSON API as a problem document.
    const send: typeof sendProblem =
      this.portal && isPortalRequest(req) ? (rq, rs, status, key, params) => this.portal!.send(rq, rs, status, key, params) : sendProblem;
    this.answer(exception, req, res, send);
  }

  private answer(exception: unknown, req: Request, res: Response, send: typeof sendProblem): void {

    if (exception instanceof Problem) {
      send(req, res, exception.getStatus(), exception.key, exception.params, exception.errors, exception.extra);
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) return send(req, res, 404, 'request.routeNotFound', { path: req.path });
      if (status === 401) return send(req, res, 401, 'auth.tokenInvalid');
      if (status === 403) return send(req, res, 403, 'auth.forbiddenRole');
      if (status === 413) return send(req, res, 413, 'request.tooLarge', { limit: '?' });
      return send(req, res, status < 500 ? status : 500, status < 500 ? 'rule.invalid' : 'request.internal', {
        field: 'request',
        requestId: currentRequestId() ?? '-',
      });
    }
    const pg: PgError = exception instanceof QueryFailedError ? (exception.driverError as PgError) : {};
    const sqlStatus = CLIENT_SQL_ERRORS[pg.code ?? ''];
    if (sqlStatus) {
      this.logger.warn({ err: exception }, 'client error caught by the database');
      const unique = pg.code === '23505' ? UNIQUE_CONSTRAINTS[pg.constraint ?? ''] : undefined;
      if (unique) {
        // detail reads "Key (tenant_id, code)=(…, DISHUB) already exists."; the last value is the clash.
        const value = /=\((.*)\)/.exec(pg.detail ?? '')?.[1].split(', ').pop() ?? '';
        const params = { [unique.param]: value };
        return send(req, res, 409, unique.key, params, [{ field: unique.field, rule: 'unique', key: unique.key, params }]);
      }
      return send(req, res, sqlStatus, 'rule.invalid', { field: 'request' });
    }
    this.logger.error({ err: exception }, 'unhandled error');
    send(req, res, 500, 'request.internal', { requestId: currentRequestId() ?? '-' });
  }
}
