/** How a notification leaves Mahir besides the in-app inbox (the notification_delivery.channel CHECK of migration 1764620000000-Notifications). */
export const NOTIFICATION_CHANNELS = ['email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
/** pending until the mail server accepted the message and that fact committed (the notification_delivery.status CHECK). */
export const DELIVERY_STATUSES = ['pending', 'sent'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
