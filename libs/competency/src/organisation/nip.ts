/**
 * NIP (Nomor Induk Pegawai) is 18 digits:
 *   YYYYMMDD birth date · YYYYMM start of civil service · sex 1/2 · 3-digit sequence.
 * It is an identifier, never a number: leading structure matters and it must not be
 * rounded, so it is always handled as a string.
 */
export type NipRule =
  | 'nip.format'
  | 'nip.birthDate'
  | 'nip.startDate'
  | 'nip.sex'
  | 'nip.sequence';

export interface ParsedNip {
  nip: string;
  birthDate: string; // ISO date, YYYY-MM-DD
  serviceStart: string; // YYYY-MM
  sex: 'male' | 'female';
  sequence: number;
}

export type NipResult = { valid: true; value: ParsedNip } | { valid: false; rule: NipRule };

const MIN_BIRTH_YEAR = 1940;
/** Nobody enters the civil service before 16; the rule catches swapped date blocks. */
const MIN_AGE_AT_START = 16;

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function parseNip(input: unknown, today: Date = new Date()): NipResult {
  if (typeof input !== 'string' || !/^\d{18}$/.test(input)) return { valid: false, rule: 'nip.format' };
  const by = Number(input.slice(0, 4));
  const bm = Number(input.slice(4, 6));
  const bd = Number(input.slice(6, 8));
  const sy = Number(input.slice(8, 12));
  const sm = Number(input.slice(12, 14));
  const sex = input[14];
  const seq = Number(input.slice(15, 18));
  const thisYear = today.getUTCFullYear();

  if (by < MIN_BIRTH_YEAR || by > thisYear || !isRealDate(by, bm, bd)) return { valid: false, rule: 'nip.birthDate' };
  if (sm < 1 || sm > 12 || sy > thisYear || sy - by < MIN_AGE_AT_START) return { valid: false, rule: 'nip.startDate' };
  if (sex !== '1' && sex !== '2') return { valid: false, rule: 'nip.sex' };
  if (seq < 1) return { valid: false, rule: 'nip.sequence' };

  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    valid: true,
    value: {
      nip: input,
      birthDate: `${by}-${pad(bm)}-${pad(bd)}`,
      serviceStart: `${sy}-${pad(sm)}`,
      sex: sex === '1' ? 'male' : 'female',
      sequence: seq,
    },
  };
}

export function isValidNip(input: unknown, today?: Date): input is string {
  return parseNip(input, today).valid;
}

/** Keeps the birth year, sex and sequence readable; hides birth day and service start. */
export function maskNip(nip: string): string {
  return nip.length === 18 ? `${nip.slice(0, 4)}**********${nip.slice(14)}` : nip;
}
