import { Inject, Injectable } from '@nestjs/common';
import type { Client } from 'minio';
import { DataSource, type EntityManager } from 'typeorm';
import { COURSE_UPLOAD_LIMITS } from './dto/course-upload.dto';
import { CourseUploadsRepository } from './course-uploads.repository';
import { newObjectKey, STORAGE_BUCKET, STORAGE_CLIENT, uploadedObject } from '@mahir/storage';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { FILE_TYPES, fileTypeOf, SNIFF_BYTES } from '../../competency';
import { Problem } from '../../platform';
import type { CourseUploadKind } from '@mahir/course';

/** How long a presigned upload URL stays valid. */
export const UPLOAD_URL_SECONDS = 600;

/**
 * Course media go straight from the browser to object storage through a presigned PUT; the API
 * hands out the URL (for a generated key, within the kind's type and size limits) and, on
 * completion, checks what really arrived before a course may use it.
 */
@Injectable()
export class CourseUploadsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly uploads: CourseUploadsRepository,
    @Inject(STORAGE_CLIENT) private readonly storage: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
    private readonly audit: AuditService,
  ) {}

  async request(actor: Actor, courseId: string, kind: CourseUploadKind, contentType: string, size: number) {
    const tenantId = tenantOf(actor);
    const limits = COURSE_UPLOAD_LIMITS[kind];
    const declared = contentType.split(';')[0].trim().toLowerCase();
    if (!limits.contentTypes.includes(declared)) {
      throw Problem.field(415, 'contentType', 'courseUpload.unsupportedType', { kind, allowed: limits.contentTypes.join(', ') });
    }
    if (size > limits.maxBytes) throw Problem.field(413, 'size', 'courseUpload.tooLarge', { kind, limit: limits.maxBytes });
    const extension = FILE_TYPES.find((t) => t.contentType === declared)?.extension ?? '.bin';
    const objectKey = newObjectKey(tenantId, 'course-media', extension);
    const uploadId = await this.db.transaction(async (tx) => {
      const course = await this.course(tx, tenantId, courseId);
      if (course.archivedAt) throw new Problem(409, 'course.archived');
      const id = await this.uploads.create({ tenantId, courseId, kind, objectKey, declaredType: declared, declaredSize: size, createdBy: actor.userId }, tx);
      await this.audit.record(tx, actor, 'course.upload_requested', 'course', courseId, { uploadId: id, kind, contentType: declared, size });
      return id;
    });
    const uploadUrl = await this.storage.presignedPutObject(this.bucket, objectKey, UPLOAD_URL_SECONDS);
    return { uploadId, objectKey, uploadUrl, expiresInSeconds: UPLOAD_URL_SECONDS };
  }

  /** Verifies the stored object by its real size and first bytes; a file that fails is removed and the upload rejected. */
  async complete(actor: Actor, courseId: string, uploadId: string) {
    const tenantId = tenantOf(actor);
    const outcome = await this.db.transaction(async (tx) => {
      await this.course(tx, tenantId, courseId);
      const upload = await this.uploads.lockUpload(tenantId, courseId, uploadId, tx);
      if (!upload) throw Problem.notFound('courseUpload.notFound');
      if (upload.status === 'verified') return { status: 'verified' as const, contentType: upload.contentType ?? '', size: Number(upload.size) };
      if (upload.status === 'rejected') throw new Problem(409, 'courseUpload.rejected');
      const stored = await uploadedObject(this.storage, this.bucket, upload.objectKey, SNIFF_BYTES);
      if (!stored) throw new Problem(409, 'courseUpload.objectMissing');
      const { size, head } = stored;
      const limits = COURSE_UPLOAD_LIMITS[upload.kind];
      const type = fileTypeOf(head, limits.contentTypes);
      if (type && size <= limits.maxBytes) {
        await this.uploads.markVerified(upload.id, type.contentType, size, tx);
        await this.audit.record(tx, actor, 'course.upload_verified', 'course', courseId, { uploadId, contentType: type.contentType, size });
        return { status: 'verified' as const, contentType: type.contentType, size };
      }
      const failure = !type
        ? Problem.field(415, 'file', 'courseUpload.unsupportedType', { kind: upload.kind, allowed: limits.contentTypes.join(', ') })
        : Problem.field(413, 'file', 'courseUpload.tooLarge', { kind: upload.kind, limit: limits.maxBytes });
      await this.storage.removeObject(this.bucket, upload.objectKey);
      await this.uploads.markRejected(upload.id, fileTypeOf(head)?.contentType ?? null, size, tx);
      await this.audit.record(tx, actor, 'course.upload_rejected', 'course', courseId, { uploadId, status: failure.getStatus() });
      return failure;
    });
    // The rejection is committed first, then told.
    if (outcome instanceof Problem) throw outcome;
    return outcome;
  }

  private async course(tx: EntityManager, tenantId: string, id: string) {
    const row = await this.uploads.course(tenantId, id, tx);
    if (!row) throw Problem.notFound('course.notFound');
    return row;
  }
}
