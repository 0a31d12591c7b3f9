import { BadRequestException, Inject, Injectable, PayloadTooLargeException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { API_CONFIG, type ApiConfigValue } from '../../api-config';
import { Problem } from '../../platform';

/** The one form field an evidence upload carries. */
export const EVIDENCE_FIELD = 'file';

/** The file multer leaves on the request (memory storage); typed here, as @types/multer is not installed. */
export interface EvidenceFile {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/**
 * Nest's FileInterceptor for the evidence field, with the limits from the configuration and
 * multer's refusals told as problem documents naming the field. No `storage` is given: multer
 * then keeps the file in memory, bounded by `fileSize` (memoryStorage is not importable
 * without @types/multer). One part in all: a second file, or any text field, is refused.
 */
@Injectable()
export class EvidenceFileInterceptor implements NestInterceptor {
  private readonly multer: NestInterceptor;

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfigValue) {
    const Multer = FileInterceptor(EVIDENCE_FIELD, { limits: { fileSize: config.EVIDENCE_LIMIT_BYTES, files: 1, fields: 0, parts: 1 } });
    this.multer = new Multer();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) {
        throw Problem.field(413, EVIDENCE_FIELD, 'evidence.tooLarge', { limit: this.config.EVIDENCE_LIMIT_BYTES });
      }
      // Too many files or parts, another field name, a text field, a malformed form.
      if (error instanceof BadRequestException) throw Problem.field(400, EVIDENCE_FIELD, 'evidence.singleFile');
      throw error;
    }
  }
}
