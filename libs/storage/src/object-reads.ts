import type { Readable } from 'node:stream';
import type { Client } from 'minio';

/** The S3 error codes of an object (or bucket entry) that is not there. */
export function isMissingObject(error: unknown): boolean {
  return ['NotFound', 'NoSuchKey'].includes((error as { code?: string })?.code ?? '');
}

/** Reads a stream into memory, at most `max` bytes (then the stream is dropped). */
export async function readStream(stream: Readable, max = Infinity): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= max) break;
  }
  stream.destroy();
  const all = Buffer.concat(chunks);
  return Number.isFinite(max) ? all.subarray(0, max) : all;
}

/** `length` bytes of an object from `offset` (a ranged GET). */
export async function readRange(client: Client, bucket: string, key: string, offset: number, length: number): Promise<Buffer> {
  if (length <= 0) return Buffer.alloc(0);
  return readStream(await client.getPartialObject(bucket, key, offset, length), length);
}

/**
 * What a presigned upload really left in storage: its size and first bytes (for sniffing the
 * type), or null when nothing arrived under the key. The declared type and size are never trusted.
 */
export async function uploadedObject(client: Client, bucket: string, key: string, sniffBytes: number): Promise<{ size: number; head: Buffer } | null> {
  let size: number;
  try {
    size = (await client.statObject(bucket, key)).size;
  } catch (error) {
    if (isMissingObject(error)) return null;
    throw error;
  }
  return { size, head: await readRange(client, bucket, key, 0, Math.min(sniffBytes, size)) };
}
