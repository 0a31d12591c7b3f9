import { randomUUID } from 'node:crypto';
import { Client } from 'minio';
import type { BaseConfig } from '@mahir/config';

type StorageConfig = Pick<BaseConfig, 'S3_ENDPOINT' | 'S3_REGION' | 'S3_ACCESS_KEY' | 'S3_SECRET_KEY'>;

/** The only way Mahir talks to object storage: the MinIO client, path-style addressing. */
export function createStorageClient(config: StorageConfig): Client {
  const url = new URL(config.S3_ENDPOINT);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    region: config.S3_REGION,
    accessKey: config.S3_ACCESS_KEY,
    secretKey: config.S3_SECRET_KEY,
    pathStyle: true,
  });
}

export async function ensureBucket(client: Client, bucket: string, region: string): Promise<void> {
  if (!(await client.bucketExists(bucket))) await client.makeBucket(bucket, region);
}

/**
 * Object keys are generated, never taken from user input: `<tenant>/<kind>/<yyyy>/<uuid><ext>`.
 * `extension` must come from a sniffed type, not from a file name.
 */
export function newObjectKey(tenantId: string, kind: string, extension: string, now = new Date()): string {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(kind)) throw new Error(`invalid object kind ${kind}`);
  if (!/^\.[a-z0-9]{1,8}$/.test(extension)) throw new Error(`invalid extension ${extension}`);
  return `${tenantId}/${kind}/${now.getUTCFullYear()}/${randomUUID()}${extension}`;
}
