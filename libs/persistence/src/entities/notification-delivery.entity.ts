import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { DeliveryStatus, NotificationChannel } from '@mahir/notify';
import { Notification } from './notification.entity';

/** One e-mail of a notification: pending until the mail server accepted it and that fact committed, so a retry after it is a no-op. */
@Entity('notification_delivery')
export class NotificationDelivery {
  @PrimaryColumn('uuid', { name: 'notification_id' }) notificationId!: string;
  @PrimaryColumn('text') channel!: NotificationChannel;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') recipient!: string;
  @Column('text') status!: DeliveryStatus;
  @Column('int', { default: 0 }) attempts!: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('text', { name: 'message_id', nullable: true }) messageId!: string | null;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt!: Date | null;

  @ManyToOne(() => Notification)
  @JoinColumn({ name: 'notification_id' })
  notification?: Notification;
}
