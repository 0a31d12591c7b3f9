import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TemplateOrientation } from '@mahir/certificate';

/** One immutable version of a certificate template; certificates record the one they were rendered with. */
@Entity('certificate_template_version')
export class CertificateTemplateVersion {
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('uuid', { name: 'template_id' }) templateId!: string;
  @PrimaryColumn('int') version!: number;
  @Column('text') html!: string;
  @Column('text') css!: string;
  @Column('text') orientation!: TemplateOrientation;
  /** Names of the tenant's assets the template inlines. */
  @Column('text', { array: true, default: () => "'{}'" }) assets!: string[];
  @Column('uuid', { name: 'created_by' }) createdBy!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
