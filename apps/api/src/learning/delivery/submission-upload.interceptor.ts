import { BadRequestException, Injectable, PayloadTooLargeException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { Problem } from '../../platform';
import { SUBMISSION_MAX_BYTES } from '../submissions/submission-type';

/** The form field of an assignment upload. */
export const SUBMISSION_FIELD = 'file';

/** What multer leaves on the request (memory storage; @types/multer is not installed). */
export interface UploadedSubmission {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** The request after the interceptor: the file, or the reason there is none. */
export type UploadRequest = Request & { file?: UploadedSubmission; uploadProblem?: Problem };

/**
 * Reads the portal's assignment upload (one file, in memory, at most the submission limit). A refused
 * upload does not end in an error page: the handler shows the reason next to the file field.
 */
@Injectable()
export class SubmissionUploadInterceptor implements NestInterceptor {
  private readonly multer: NestInterceptor = new (FileInterceptor(SUBMISSION_FIELD, { limits: { fileSize: SUBMISSION_MAX_BYTES, files: 1, fields: 5 } }))();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (error) {
      const req = context.switchToHttp().getRequest<UploadRequest>();
      if (error instanceof PayloadTooLargeException) req.uploadProblem = Problem.field(413, SUBMISSION_FIELD, 'submission.tooLarge', { limit: SUBMISSION_MAX_BYTES });
      else if (error instanceof BadRequestException) req.uploadProblem = Problem.field(400, SUBMISSION_FIELD, 'rule.invalid', { field: SUBMISSION_FIELD });
      else throw error;
      return next.handle();
    }
  }
}
