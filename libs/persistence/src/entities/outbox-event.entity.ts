import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An event written in the transaction of the change it announces; the worker's relay moves it to BullMQ (job id = event id). */
@Entity('outbox_event')
export class OutboxEvent {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id', nullable: true }) tenantId!: string | null;
  /** A job name of libs/jobs; kept as text so rows of a retired job stay readable. */
  @Column('text') name!: string;
  @Column('jsonb') payload!: Record<string, unknown>;
  /** clock_timestamp(), not now(): events of one transaction keep their order. */
  @Column('timestamptz', { name: 'created_at', default: () => 'clock_timestamp()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
  @Column('int', { default: 0 }) attempts!: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
}
