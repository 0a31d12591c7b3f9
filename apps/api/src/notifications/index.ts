// The notifications context's public surface: other contexts import from here, never from its folders.
export * from './notifications-context.module';
export * from './inbox/dto/notifications.dto';
export * from './inbox/notifications.service';
