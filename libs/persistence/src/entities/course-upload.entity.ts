import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CourseUploadKind, CourseUploadStatus } from '@mahir/course';

/** A course media file uploaded through a presigned URL; verified before a published course may reference it. */
@Entity('course_upload')
export class CourseUpload {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'course_id' }) courseId!: string;
  @Column('text') kind!: CourseUploadKind;
  @Column('text', { name: 'object_key' }) objectKey!: string;
  @Column('text', { name: 'declared_type' }) declaredType!: string;
  @Column('bigint', { name: 'declared_size' }) declaredSize!: string;
  @Column('text', { default: 'pending' }) status!: CourseUploadStatus;
  @Column('text', { name: 'content_type', nullable: true }) contentType!: string | null;
  @Column('bigint', { nullable: true }) size!: string | null;
  @Column('uuid', { name: 'created_by' }) createdBy!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'verified_at', nullable: true }) verifiedAt!: Date | null;
}
