/** Indonesia's three civil time zones; agencies choose one and "today" follows it. */
export const AGENCY_TIME_ZONES = ['WIB', 'WITA', 'WIT'] as const;
export type AgencyTimeZone = (typeof AGENCY_TIME_ZONES)[number];

export const IANA_ZONE: Record<AgencyTimeZone, string> = {
  WIB: 'Asia/Jakarta', // UTC+7
  WITA: 'Asia/Makassar', // UTC+8
  WIT: 'Asia/Jayapura', // UTC+9
};

export const UTC_OFFSET_HOURS: Record<AgencyTimeZone, number> = { WIB: 7, WITA: 8, WIT: 9 };

/** The calendar date (YYYY-MM-DD) at `instant` in the agency's zone. Indonesia has no DST. */
export function localDate(instant: Date, zone: AgencyTimeZone): string {
  const shifted = new Date(instant.getTime() + UTC_OFFSET_HOURS[zone] * 3_600_000);
  return shifted.toISOString().slice(0, 10);
}
