import { Module } from '@nestjs/common';
import { NotificationsModule } from './inbox/notifications.module';

const FEATURES = [NotificationsModule];

/** Notifications: a person's inbox, reminders and preferences (delivery runs in the worker). */
@Module({ imports: FEATURES, exports: FEATURES })
export class NotificationsContextModule {}
