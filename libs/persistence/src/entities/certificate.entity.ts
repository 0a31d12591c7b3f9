import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CertificateStatus } from '@mahir/certificate';
import type { CompetencyLevel, CompetencyType } from '@mahir/competency';

/**
 * One certificate per completed enrollment, numbered gaplessly per tenant and year, with the
 * holder's data as it was at issue. The file columns name the current file (certificate_file keeps them all).
 */
@Entity('certificate')
export class Certificate {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'enrollment_id' }) enrollmentId!: string;
  @Column('uuid', { name: 'employee_id' }) employeeId!: string;
  @Column('uuid', { name: 'course_id' }) courseId!: string;
  @Column('int', { name: 'course_version' }) courseVersion!: number;
  @Column('int') year!: number;
  @Column('int') sequence!: number;
  @Column('text') number!: string;
  /** 16 base32 characters (80 random bits). */
  @Column('text', { name: 'verification_code' }) verificationCode!: string;
  @Column('text', { name: 'holder_name' }) holderName!: string;
  @Column('char', { name: 'holder_nip', length: 18 }) holderNip!: string;
  @Column('text', { name: 'agency_name' }) agencyName!: string;
  @Column('text', { name: 'course_title' }) courseTitle!: string;
  /** JP in minutes (1 JP = 45 minutes). */
  @Column('int', { name: 'jp_minutes' }) jpMinutes!: number;
  /** As printed on the certificate. */
  @Column('jsonb') competencies!: { competencyId: string; name: string; type: CompetencyType; level: CompetencyLevel }[];
  @Column('timestamptz', { name: 'issued_at' }) issuedAt!: Date;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @Column('text') status!: CertificateStatus;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('uuid', { name: 'revoked_by', nullable: true }) revokedBy!: string | null;
  @Column('text', { name: 'revoked_reason', nullable: true }) revokedReason!: string | null;
  @Column('text', { name: 'object_key', nullable: true }) objectKey!: string | null;
  @Column('char', { length: 64, nullable: true }) sha256!: string | null;
  @Column('int', { name: 'size_bytes', nullable: true }) sizeBytes!: number | null;
  @Column('boolean', { default: false }) signed!: boolean;
  /** Null: rendered with the product's default template. */
  @Column('uuid', { name: 'template_id', nullable: true }) templateId!: string | null;
  @Column('int', { name: 'template_version', nullable: true }) templateVersion!: number | null;
  /** Set by a re-issue request, cleared when the new file is stored. */
  @Column('uuid', { name: 'reissue_token', nullable: true }) reissueToken!: string | null;
  @Column('text', { name: 'reissue_reason', nullable: true }) reissueReason!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
