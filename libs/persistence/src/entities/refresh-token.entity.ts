import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One refresh token of a rotating family. A token is used once; presenting a used
 * token again is a replay and revokes its whole family.
 */
@Entity('refresh_token')
export class RefreshToken {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'user_id' }) userId!: string;
  @Column('uuid', { name: 'family_id' }) familyId!: string;
  /** SHA-256 of the secret half; the secret itself is never stored. */
  @Column('text', { name: 'secret_hash' }) secretHash!: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt!: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('text', { name: 'created_ip', nullable: true }) createdIp!: string | null;
  @Column('text', { name: 'user_agent', nullable: true }) userAgent!: string | null;
}
