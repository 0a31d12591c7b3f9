import { fileTypeOf } from '../../competency';

/** What a learner may hand in for an assignment, with the extension its object key gets. */
export const SUBMISSION_TYPES = [
  { contentType: 'application/pdf', extension: '.pdf' },
  { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: '.docx' },
  { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: '.xlsx' },
  { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: '.pptx' },
  { contentType: 'image/png', extension: '.png' },
  { contentType: 'image/jpeg', extension: '.jpg' },
  { contentType: 'application/zip', extension: '.zip' },
] as const;
export type SubmissionType = (typeof SUBMISSION_TYPES)[number];
export const SUBMISSION_CONTENT_TYPES: readonly string[] = SUBMISSION_TYPES.map((t) => t.contentType);

/** 20 MiB: a scanned report or a slide deck, not a video. */
export const SUBMISSION_MAX_BYTES = 20 * 1024 * 1024;

const byType = (contentType: string) => SUBMISSION_TYPES.find((t) => t.contentType === contentType) ?? null;

/** A zip's end-of-central-directory record is 22 bytes plus a comment of at most 65,535. */
export const ZIP_TAIL_BYTES = 22 + 0xffff;
const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EOCD = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;

/** By the first bytes: PDF, PNG or JPEG outright; 'zip' when the file must be looked into (ZIP or an OOXML document). */
export function sniffHead(head: Uint8Array): SubmissionType | 'zip' | null {
  const plain = fileTypeOf(head, ['application/pdf', 'image/png', 'image/jpeg']);
  if (plain) return byType(plain.contentType);
  return head.length >= 4 && LOCAL_HEADER.equals(Buffer.from(head.buffer, head.byteOffset, 4)) ? 'zip' : null;
}

/** Where the central directory sits, from the file's last bytes (`tail` starts at `tailOffset`); null when there is no valid record. */
export function zipDirectoryOf(tail: Buffer, tailOffset: number, fileSize: number): { offset: number; size: number } | null {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD) continue;
    const size = tail.readUInt32LE(i + 12);
    const offset = tail.readUInt32LE(i + 16);
    if (offset + size <= tailOffset + i && offset + size <= fileSize) return { offset, size };
  }
  return null;
}

/** The entry names of a central directory. */
export function zipEntryNames(directory: Buffer): string[] {
  const names: string[] = [];
  let at = 0;
  while (at + 46 <= directory.length && directory.readUInt32LE(at) === CENTRAL_HEADER) {
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    names.push(directory.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * A zip is a Word, Excel or PowerPoint document when it carries the OOXML content-types part and
 * that application's main part; any other zip (with at least one entry) is a plain archive.
 */
export function zipFlavourOf(names: readonly string[]): SubmissionType | null {
  if (names.length === 0) return null;
  const has = (n: string) => names.includes(n);
  if (has('[Content_Types].xml')) {
    if (has('word/document.xml')) return byType('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    if (has('xl/workbook.xml')) return byType('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    if (has('ppt/presentation.xml')) return byType('application/vnd.openxmlformats-officedocument.presentationml.presentation');
  }
  return byType('application/zip');
}
