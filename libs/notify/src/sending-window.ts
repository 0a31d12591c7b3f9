import { UTC_OFFSET_HOURS, localDate, type AgencyTimeZone } from '@mahir/competency';

/**
 * Reminders reach people during office hours of their agency's zone, never at night: a sweep
 * outside the window skips the zone and a later run (hourly) sends. Hours are local, [from, to).
 */
export const SENDING_WINDOW = { fromHour: 8, toHour: 17 } as const;

/** The hour of the day (0–23) at `instant` in the zone. Indonesia has no DST. */
export function localHour(instant: Date, zone: AgencyTimeZone): number {
  return new Date(instant.getTime() + UTC_OFFSET_HOURS[zone] * 3_600_000).getUTCHours();
}

export function inSendingWindow(instant: Date, zone: AgencyTimeZone, window: { fromHour: number; toHour: number } = SENDING_WINDOW): boolean {
  const hour = localHour(instant, zone);
  return hour >= window.fromHour && hour < window.toHour;
}

/** The zones whose local clock is inside the window at `instant`, each with its local date (YYYY-MM-DD). */
export function zonesToSweep(instant: Date, zones: readonly AgencyTimeZone[], window = SENDING_WINDOW): { zone: AgencyTimeZone; localDay: string }[] {
  return zones.filter((zone) => inSendingWindow(instant, zone, window)).map((zone) => ({ zone, localDay: localDate(instant, zone) }));
}
