import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CompetencyType } from '@mahir/competency';

/** A competency: national (tenantId null: managerial, socio-cultural) or a tenant's technical one. */
@Entity('competency')
export class Competency {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id', nullable: true }) tenantId!: string | null;
  @Column('text') type!: CompetencyType;
  @Column('text') code!: string;
  @Column('text') name!: string;
  @Column('text', { default: '' }) description!: string;
  @Column('int', { default: 1 }) revision!: number;
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
