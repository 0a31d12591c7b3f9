import { BadRequestException, Inject, Injectable, PayloadTooLargeException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { API_CONFIG, type ApiConfigValue } from '../../api-config';
import { Problem } from '../../platform';

/** The one form field of a verification upload. */
export const CERTIFICATE_FILE_FIELD = 'file';

export interface UploadedPdf {
  size: number;
  buffer: Buffer;
}

/** The public verification upload: one PDF in memory, bounded by EVIDENCE_LIMIT_BYTES; multer's refusals as problems naming `file`. */
@Injectable()
export class CertificateFileInterceptor implements NestInterceptor {
  private readonly multer: NestInterceptor;

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfigValue) {
    const Multer = FileInterceptor(CERTIFICATE_FILE_FIELD, { limits: { fileSize: config.EVIDENCE_LIMIT_BYTES, files: 1, fields: 0, parts: 1 } });
    this.multer = new Multer();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) throw Problem.field(413, CERTIFICATE_FILE_FIELD, 'evidence.tooLarge', { limit: this.config.EVIDENCE_LIMIT_BYTES });
      if (error instanceof BadRequestException) throw Problem.field(400, CERTIFICATE_FILE_FIELD, 'evidence.singleFile');
      throw error;
    }
  }
}
