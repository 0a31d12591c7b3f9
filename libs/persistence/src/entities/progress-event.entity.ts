import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A client progress event already applied: the same event sent twice, or concurrently, has one effect. */
@Entity('progress_event')
export class ProgressEvent {
  /** The client's event id. */
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'enrollment_id' }) enrollmentId!: string;
  @Column('timestamptz', { name: 'received_at', default: () => 'now()' }) receivedAt!: Date;
}
