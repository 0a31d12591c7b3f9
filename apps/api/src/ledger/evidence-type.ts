/** The file types evidence may be, and the object-key extension each is stored under. */
export const EVIDENCE_TYPES = [
  { contentType: 'application/pdf', extension: '.pdf', magic: Buffer.from('%PDF-', 'latin1') },
  { contentType: 'image/png', extension: '.png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { contentType: 'image/jpeg', extension: '.jpg', magic: Buffer.from([0xff, 0xd8, 0xff]) },
] as const;

export type EvidenceType = Omit<(typeof EVIDENCE_TYPES)[number], 'magic'>;

/**
 * The type of a file by its first bytes. The name and the declared content type come from
 * the client and prove nothing: a renamed program or a page of HTML must not be served back
 * from our storage as a PDF or an image. Null for anything else.
 */
export function evidenceTypeOf(bytes: Uint8Array): EvidenceType | null {
  const found = EVIDENCE_TYPES.find((t) => bytes.length >= t.magic.length && t.magic.equals(bytes.subarray(0, t.magic.length)));
  return found ? { contentType: found.contentType, extension: found.extension } : null;
}
