import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TenantRole } from '@mahir/competency';

@Entity('user_role')
export class UserRole {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('text') role!: TenantRole;
  @Column('uuid', { name: 'granted_by', nullable: true }) grantedBy!: string | null;
  @Column('timestamptz', { name: 'granted_at', default: () => 'now()' }) grantedAt!: Date;
}
