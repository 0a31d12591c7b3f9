import { createHash } from 'node:crypto';

export type ChainValue = string | number | boolean | null;
export type ChainPayload = Readonly<Record<string, ChainValue>>;

function canonicalValue(key: string, value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    // JSON.stringify turns NaN and Infinity into null, which would let two payloads share a hash.
    if (!Number.isFinite(value)) throw new RangeError(`chain payload "${key}" is not a finite number`);
    return JSON.stringify(value);
  }
  const kind = value instanceof Date ? 'a Date (pass an ISO string)' : typeof value === 'object' ? 'an object' : typeof value;
  throw new TypeError(`chain payload "${key}" is ${kind}; only string, number, boolean or null are allowed`);
}

/** JSON with object keys sorted, no whitespace; numbers as JSON numbers; Dates are NOT allowed (callers pass ISO strings). */
export function canonicalJson(payload: ChainPayload): string {
  // Code-unit order, not locale order: the hash must not depend on the machine.
  const keys = Object.keys(payload).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalValue(k, payload[k])}`).join(',')}}`;
}

/** SHA-256 hex of `${prevHash ?? ''}\n${canonicalJson(payload)}`. */
export function entryHash(prevHash: string | null, payload: ChainPayload): string {
  return createHash('sha256').update(`${prevHash ?? ''}\n${canonicalJson(payload)}`, 'utf8').digest('hex');
}

export interface ChainLink {
  sequence: number;
  prevHash: string | null;
  hash: string;
  payload: ChainPayload;
}

export type ChainVerification =
  | { valid: true; length: number; head: string | null }
  | { valid: false; length: number; brokenAt: number; entrySequence: number; reason: 'sequence' | 'prev_hash' | 'hash' };

/** The link that follows `previous` (null for the first entry of an employee). */
export function nextLink(previous: ChainLink | null, payload: ChainPayload): ChainLink {
  const prevHash = previous?.hash ?? null;
  return { sequence: (previous?.sequence ?? 0) + 1, prevHash, hash: entryHash(prevHash, payload), payload };
}

function hashMatches(link: ChainLink): boolean {
  try {
    return link.hash === entryHash(link.prevHash, link.payload);
  } catch {
    // A stored payload that cannot be canonicalised was not written by us: it is a broken link.
    return false;
  }
}

/**
 * Links sorted by sequence, which must run 1,2,3,… ; link 1 has prevHash null; each prevHash equals the previous
 * link's hash; each hash equals entryHash(prevHash, payload). Reports the FIRST broken link (brokenAt = its
 * 0-based index, entrySequence = its sequence). Empty chain is valid with head null.
 *
 * The links are checked in the order given (callers read them ORDER BY sequence), so a gap, a
 * duplicate or a swap shows up as a 'sequence' break. Dropping the newest links is not detectable
 * from the links alone: compare `head` with the head recorded elsewhere.
 */
export function verifyChain(links: readonly ChainLink[]): ChainVerification {
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    const broken = (reason: 'sequence' | 'prev_hash' | 'hash'): ChainVerification => ({
      valid: false,
      length: links.length,
      brokenAt: i,
      entrySequence: link.sequence,
      reason,
    });
    if (link.sequence !== i + 1) return broken('sequence');
    if (link.prevHash !== (i === 0 ? null : links[i - 1].hash)) return broken('prev_hash');
    if (!hashMatches(link)) return broken('hash');
  }
  return { valid: true, length: links.length, head: links.length === 0 ? null : links[links.length - 1].hash };
}
