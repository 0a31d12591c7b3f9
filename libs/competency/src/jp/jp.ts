import { MINUTES_PER_JP, YEARLY_JP_OBLIGATION } from '../competency/competency-level';
import { UTC_OFFSET_HOURS, type AgencyTimeZone } from '../organisation/time-zone';

/** JP are handled in MINUTES everywhere; 1 JP = 45 minutes. */
export interface JpCredit {
  minutes: number;
  occurredAt: Date;
}

export interface JpYear {
  year: number;
  minutes: number;
  /** minutes/45, one decimal, rounded down. */
  jp: number;
  /** 20 * 45 = 900. */
  obligationMinutes: number;
  shortfallMinutes: number;
  met: boolean;
}

export const YEARLY_JP_OBLIGATION_MINUTES = YEARLY_JP_OBLIGATION * MINUTES_PER_JP;

/** minutes/45 with one decimal, rounded down: 899 minutes must not show as 20 JP. */
export function jpOfMinutes(minutes: number): number {
  return Math.floor((minutes * 10) / MINUTES_PER_JP) / 10;
}

/** The calendar year of an instant in the agency's zone (Indonesia has no DST; use UTC_OFFSET_HOURS). */
export function yearIn(instant: Date, zone: AgencyTimeZone): number {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('instant is an invalid Date');
  return new Date(t + UTC_OFFSET_HOURS[zone] * 3_600_000).getUTCFullYear();
}

function checkCredit(credit: JpCredit, index: number): void {
  if (!Number.isSafeInteger(credit.minutes) || credit.minutes <= 0) {
    throw new RangeError(`JP credit ${index}: minutes must be a positive integer, got ${String(credit.minutes)}`);
  }
}

function jpYear(year: number, minutes: number): JpYear {
  return {
    year,
    minutes,
    jp: jpOfMinutes(minutes),
    obligationMinutes: YEARLY_JP_OBLIGATION_MINUTES,
    shortfallMinutes: Math.max(0, YEARLY_JP_OBLIGATION_MINUTES - minutes),
    met: minutes >= YEARLY_JP_OBLIGATION_MINUTES,
  };
}

/** Sums credits whose occurredAt falls in `year` in the agency's zone. Credits must have positive integer minutes (throw RangeError otherwise). */
export function jpForYear(credits: readonly JpCredit[], year: number, zone: AgencyTimeZone): JpYear {
  if (!Number.isSafeInteger(year)) throw new RangeError(`year must be an integer, got ${String(year)}`);
  let minutes = 0;
  credits.forEach((credit, i) => {
    checkCredit(credit, i);
    if (yearIn(credit.occurredAt, zone) === year) minutes += credit.minutes;
  });
  return jpYear(year, minutes);
}

/** One JpYear per calendar year (agency zone) that has credits, oldest first. Same validation as jpForYear. */
export function jpByYear(credits: readonly JpCredit[], zone: AgencyTimeZone): JpYear[] {
  const totals = new Map<number, number>();
  credits.forEach((credit, i) => {
    checkCredit(credit, i);
    const year = yearIn(credit.occurredAt, zone);
    totals.set(year, (totals.get(year) ?? 0) + credit.minutes);
  });
  return [...totals].sort(([a], [b]) => a - b).map(([year, minutes]) => jpYear(year, minutes));
}
