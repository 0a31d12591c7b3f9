/**
 * Every kind of notification Mahir sends. Learners may turn any of them off, except that a
 * notice about a mandatory course (sent with `mandatory: true`) is delivered regardless.
 */
export const NOTIFICATION_KINDS = [
  'reminder.due',
  'reminder.overdue',
  'reminder.inactive',
  'digest.team-overdue',
  'reminder.jp-shortfall',
  'reminder.competency-expiry',
  'reminder.certificate-expiry',
  'digest.pending-approval',
  'digest.pending-grading',
  'certificate.issued',
  'grading.graded',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(kind: string): kind is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind);
}

export const NOTIFICATION_LOCALES = ['id', 'en'] as const;
export type NotificationLocale = (typeof NOTIFICATION_LOCALES)[number];

/** Reminder rules: days before the due date, days without progress, and how often overdue notices repeat. */
export const REMINDER_RULES = {
  dueDaysBefore: [7, 1],
  inactiveDays: 14,
  /** Overdue notices on the first overdue day and then every this many days. */
  overdueEveryDays: 7,
  /** The JP shortfall reminder starts in this local month (October) and repeats every this many days. */
  jpShortfallFromMonth: 10,
  jpShortfallEveryDays: 7,
  /** Certificates and competencies: reminders this many local days before they expire. */
  expiryDaysBefore: [60, 7],
  /** Recommended courses named in the JP shortfall reminder. */
  jpShortfallCourses: 3,
} as const;

/** Whether a notification of this kind reaches a person with these preferences. */
export function shouldDeliver(kind: string, mandatory: boolean, disabledKinds: readonly string[]): boolean {
  return mandatory || !disabledKinds.includes(kind);
}
