import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { Problem } from './problem';
import { sendProblem } from './problem-response';
import { currentRequestId } from '@mahir/runtime';

/** PostgreSQL error codes that mean the client sent something impossible, not that we failed. */
const CLIENT_SQL_ERRORS: Record<string, number> = {
  '23505': 409, // unique_violation
  '23503': 409, // foreign_key_violation
  '23514': 422, // check_violation
  '22P02': 400, // invalid_text_representation (e.g. a malformed uuid)
  '22001': 400, // string_data_right_truncation
  '40001': 409, // serialization_failure
};

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(Logger) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    if (res.headersSent) return;

    if (exception instanceof Problem) {
      sendProblem(req, res, exception.getStatus(), exception.key, exception.params, exception.errors, exception.extra);
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) return sendProblem(req, res, 404, 'request.routeNotFound', { path: req.path });
      if (status === 401) return sendProblem(req, res, 401, 'auth.tokenInvalid');
      if (status === 403) return sendProblem(req, res, 403, 'auth.forbiddenRole');
      if (status === 413) return sendProblem(req, res, 413, 'request.tooLarge', { limit: '?' });
      return sendProblem(req, res, status < 500 ? status : 500, status < 500 ? 'rule.invalid' : 'request.internal', {
        field: 'request',
        requestId: currentRequestId() ?? '-',
      });
    }
    const sqlStatus = exception instanceof QueryFailedError ? CLIENT_SQL_ERRORS[(exception.driverError as { code?: string }).code ?? ''] : undefined;
    if (sqlStatus) {
      this.logger.warn({ err: exception }, 'client error caught by the database');
      return sendProblem(req, res, sqlStatus, 'rule.invalid', { field: 'request' });
    }
    this.logger.error({ err: exception }, 'unhandled error');
    sendProblem(req, res, 500, 'request.internal', { requestId: currentRequestId() ?? '-' });
  }
}
