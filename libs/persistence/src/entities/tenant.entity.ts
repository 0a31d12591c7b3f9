import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AgencyTimeZone } from '@mahir/competency';

@Entity('tenant')
export class Tenant {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') code!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'short_name', nullable: true }) shortName!: string | null;
  @Column('text', { name: 'time_zone' }) timeZone!: AgencyTimeZone;
  /** The sender of the agency's mail; null falls back to MAIL_FROM. */
  @Column('text', { name: 'mail_from_name', nullable: true }) mailFromName!: string | null;
  @Column('text', { name: 'mail_from_address', nullable: true }) mailFromAddress!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
