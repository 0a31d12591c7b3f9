import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CourseUploadKind } from '@mahir/course';
import { CourseRecord, CourseUpload } from '@mahir/persistence';

/** What a new upload records: the generated key and what the browser declared. */
export interface NewCourseUpload {
  tenantId: string;
  courseId: string;
  kind: CourseUploadKind;
  objectKey: string;
  declaredType: string;
  declaredSize: number;
  createdBy: string;
}

export type UploadToCheck = Pick<CourseUpload, 'id' | 'kind' | 'objectKey' | 'status' | 'contentType' | 'size'>;

/** Course media uploads: requested, then verified or rejected by what really arrived. */
@Injectable()
export class CourseUploadsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** The tenant's course (only whether it is archived), or null. */
  course(tenantId: string, courseId: string, manager: EntityManager = this.db.manager): Promise<Pick<CourseRecord, 'id' | 'archivedAt'> | null> {
    return manager.getRepository(CourseRecord).findOne({ select: { id: true, archivedAt: true }, where: { tenantId, id: courseId } });
  }

  async create(upload: NewCourseUpload, tx: EntityManager): Promise<string> {
    const uploads = tx.getRepository(CourseUpload);
    const saved = await uploads.save(uploads.create({ ...upload, declaredSize: String(upload.declaredSize) }));
    return saved.id;
  }

  /** The upload of this course, locked until the transaction ends (two completions take turns). */
  lockUpload(tenantId: string, courseId: string, uploadId: string, tx: EntityManager): Promise<UploadToCheck | null> {
    return tx.getRepository(CourseUpload).findOne({
      select: { id: true, kind: true, objectKey: true, status: true, contentType: true, size: true },
      where: { tenantId, courseId, id: uploadId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async markVerified(uploadId: string, contentType: string, size: number, tx: EntityManager): Promise<void> {
    await tx.getRepository(CourseUpload).update({ id: uploadId }, { status: 'verified', contentType, size: String(size), verifiedAt: () => 'now()' });
  }

  async markRejected(uploadId: string, contentType: string | null, size: number, tx: EntityManager): Promise<void> {
    await tx.getRepository(CourseUpload).update({ id: uploadId }, { status: 'rejected', contentType, size: String(size) });
  }
}
