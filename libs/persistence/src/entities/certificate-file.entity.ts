import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CertificateFileReason } from '@mahir/certificate';

/** Every file a certificate ever had: the first issue and each re-issue. */
@Entity('certificate_file')
export class CertificateFile {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'certificate_id' }) certificateId!: string;
  @Column('text', { name: 'object_key' }) objectKey!: string;
  @Column('char', { length: 64 }) sha256!: string;
  @Column('int', { name: 'size_bytes' }) sizeBytes!: number;
  @Column('boolean') signed!: boolean;
  @Column('text') reason!: CertificateFileReason;
  @Column('uuid', { name: 'template_id', nullable: true }) templateId!: string | null;
  @Column('int', { name: 'template_version', nullable: true }) templateVersion!: number | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
