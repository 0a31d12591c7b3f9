import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CertificateAssetStatus } from '@mahir/certificate';

/** An image or font a tenant's certificate templates inline by name. */
@Entity('certificate_asset')
export class CertificateAsset {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'object_key' }) objectKey!: string;
  @Column('text', { name: 'declared_type' }) declaredType!: string;
  @Column('int', { name: 'declared_size' }) declaredSize!: number;
  @Column('text') status!: CertificateAssetStatus;
  @Column('text', { name: 'content_type', nullable: true }) contentType!: string | null;
  @Column('int', { name: 'size_bytes', nullable: true }) sizeBytes!: number | null;
  @Column('uuid', { name: 'created_by' }) createdBy!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'verified_at', nullable: true }) verifiedAt!: Date | null;
}
