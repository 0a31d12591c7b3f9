import { randomBytes } from 'node:crypto';

/** RFC 4648 base32 alphabet: upper case letters and 2–7, nothing to confuse in a URL or when read aloud. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 16 base32 characters carry exactly 80 random bits. */
export const VERIFICATION_CODE_LENGTH = 16;
const CODE_PATTERN = /^[A-Z2-7]{16}$/;

/** A fresh, unguessable verification code (80 bits from the operating system's CSPRNG). */
export function newVerificationCode(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/**
 * Codes are compared upper case and without the separators people type or print between groups
 * (spaces, hyphens, dots, underscores), so `abcd-efgh ijkl.mnop` verifies as `ABCDEFGHIJKLMNOP`.
 * Anything else, or a wrong length, is no code at all (null).
 */
export function normalizeVerificationCode(input: string): string | null {
  if (input.length > 64) return null;
  const code = input.replace(/[\s._-]+/g, '').toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}

/** `<agency code>/<year>/<sequence, 6 digits>`, e.g. `KEMENKEU/2025/000042`. */
export function formatCertificateNumber(agencyCode: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`invalid sequence ${sequence}`);
  return `${agencyCode}/${year}/${String(sequence).padStart(6, '0')}`;
}

/** Shows the birth year and month-day prefix and the last four digits: `198503152010011001` → `1985**********1001`. */
export function maskNip(nip: string): string {
  if (nip.length <= 8) return '*'.repeat(nip.length);
  return `${nip.slice(0, 4)}${'*'.repeat(nip.length - 8)}${nip.slice(-4)}`;
}

const MONTHS_ID = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Offsets of the agencies' zones: WIB UTC+7, WITA UTC+8, WIT UTC+9 (no daylight saving). */
export const ZONE_OFFSET_HOURS = { WIB: 7, WITA: 8, WIT: 9 } as const;
export type AgencyZone = keyof typeof ZONE_OFFSET_HOURS;

/** The calendar date of an instant in the agency's zone. */
export function localDate(instant: Date, zone: AgencyZone): { year: number; month: number; day: number } {
  const shifted = new Date(instant.getTime() + ZONE_OFFSET_HOURS[zone] * 3600_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** `15 Agustus 2025` (Indonesian) or `15 August 2025`. */
export function formatDate(instant: Date, zone: AgencyZone, locale: 'id' | 'en' = 'id'): string {
  const { year, month, day } = localDate(instant, zone);
  return `${day} ${(locale === 'id' ? MONTHS_ID : MONTHS_EN)[month - 1]} ${year}`;
}

/** JP are stored in minutes (1 JP = 45 minutes); printed with one decimal only when not whole. */
export function formatJp(jpMinutes: number): string {
  const jp = Math.round((jpMinutes / 45) * 10) / 10;
  return Number.isInteger(jp) ? String(jp) : jp.toFixed(1).replace('.', ',');
}

/**
 * A certificate expires with the shortest validity among the competencies it grants; none with a
 * validity means it never expires.
 */
export function certificateExpiry(issuedAt: Date, validityMonths: readonly (number | null)[]): Date | null {
  const months = validityMonths.filter((m): m is number => m !== null && m > 0);
  if (months.length === 0) return null;
  const expiry = new Date(issuedAt.getTime());
  expiry.setUTCMonth(expiry.getUTCMonth() + Math.min(...months));
  return expiry;
}

export type CertificateState = 'valid' | 'revoked' | 'expired';

/** What a verifier is told: revoked wins over expired. */
export function certificateState(status: 'valid' | 'revoked', expiresAt: Date | null, now: Date): CertificateState {
  if (status === 'revoked') return 'revoked';
  if (expiresAt && expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}
