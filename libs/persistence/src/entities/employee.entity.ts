import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { EmployeeStatus } from '@mahir/competency';

@Entity('employee')
export class Employee {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  /** 18 digits, always a string. */
  @Column('char', { length: 18 }) nip!: string;
  @Column('text', { name: 'full_name' }) fullName!: string;
  @Column('text') email!: string;
  @Column('uuid', { name: 'unit_id' }) unitId!: string;
  @Column('uuid', { name: 'position_id' }) positionId!: string;
  @Column('uuid', { name: 'supervisor_id', nullable: true }) supervisorId!: string | null;
  @Column('text', { default: 'active' }) status!: EmployeeStatus;
  @VersionColumn() version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
