/** A fixed run of bytes at a fixed offset of a file. */
interface Marker {
  at: number;
  bytes: Buffer;
}
const marker = (at: number, bytes: string | number[]): Marker => ({ at, bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes) });

/**
 * Every file type Mahir stores, recognised by its first bytes (all markers sit within the
 * first 16), with the object-key extension each is stored under.
 */
export const FILE_TYPES = [
  { contentType: 'application/pdf', extension: '.pdf', markers: [marker(0, '%PDF-')] },
  { contentType: 'image/png', extension: '.png', markers: [marker(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])] },
  { contentType: 'image/jpeg', extension: '.jpg', markers: [marker(0, [0xff, 0xd8, 0xff])] },
  { contentType: 'image/webp', extension: '.webp', markers: [marker(0, 'RIFF'), marker(8, 'WEBP')] },
  { contentType: 'video/mp4', extension: '.mp4', markers: [marker(4, 'ftyp')] },
  { contentType: 'video/webm', extension: '.webm', markers: [marker(0, [0x1a, 0x45, 0xdf, 0xa3])] },
] as const;

export type FileType = Omit<(typeof FILE_TYPES)[number], 'markers'>;
export type FileContentType = FileType['contentType'];

/** How many leading bytes `fileTypeOf` needs to decide. */
export const SNIFF_BYTES = 16;

const matches = (bytes: Uint8Array, m: Marker) =>
  bytes.length >= m.at + m.bytes.length && m.bytes.equals(Buffer.from(bytes.buffer, bytes.byteOffset + m.at, m.bytes.length));

/**
 * The type of a file by its first bytes, among `allowed` (default: every type we store). The
 * name and the declared content type come from the client and prove nothing. Null for anything else.
 */
export function fileTypeOf(bytes: Uint8Array, allowed: readonly string[] = FILE_TYPES.map((t) => t.contentType)): FileType | null {
  const found = FILE_TYPES.find((t) => allowed.includes(t.contentType) && t.markers.every((m) => matches(bytes, m)));
  return found ? { contentType: found.contentType, extension: found.extension } : null;
}

/** The file types evidence may be. */
export const EVIDENCE_CONTENT_TYPES: readonly FileContentType[] = ['application/pdf', 'image/png', 'image/jpeg'];

export type EvidenceType = FileType;

/**
 * The type of an evidence file by its first bytes: a renamed program or a page of HTML must
 * not be served back from our storage as a PDF or an image. Null for anything else.
 */
export function evidenceTypeOf(bytes: Uint8Array): EvidenceType | null {
  return fileTypeOf(bytes, EVIDENCE_CONTENT_TYPES);
}
