import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { generateDemoSigningKey, type SigningKey } from '../render/pdf-signer';

export const DEMO_KEYS = Symbol('DEMO_KEYS');

/** Each tenant's PKCS#12, cached per process; demo tenants get one generated on first use. */
@Injectable()
export class SigningKeys {
  private readonly cache = new Map<string, Promise<SigningKey | null>>();

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(DEMO_KEYS) private readonly demoKeys: boolean,
  ) {}

  forTenant(tenantId: string, agency: { name: string; code: string }): Promise<SigningKey | null> {
    let key = this.cache.get(tenantId);
    if (!key) {
      key = this.load(tenantId, agency);
      this.cache.set(tenantId, key);
      key.catch(() => this.cache.delete(tenantId));
    }
    return key;
  }

  private async load(tenantId: string, agency: { name: string; code: string }): Promise<SigningKey | null> {
    const existing = await this.select(tenantId);
    if (existing || !this.demoKeys) return existing;
    const generated = generateDemoSigningKey(agency.name, agency.code);
    // Two generators racing keep the first key; both then sign with it.
    await this.ds.query(
      `INSERT INTO certificate_signing_key (tenant_id, pkcs12, passphrase, subject, generated) VALUES ($1, $2, $3, $4, true) ON CONFLICT (tenant_id) DO NOTHING`,
      [tenantId, generated.pkcs12, generated.passphrase, generated.subject],
    );
    return this.select(tenantId);
  }

  private async select(tenantId: string): Promise<SigningKey | null> {
    const [row] = await this.ds.query(`SELECT pkcs12, passphrase, subject FROM certificate_signing_key WHERE tenant_id = $1`, [tenantId]);
    return row ? { pkcs12: row.pkcs12 as Buffer, passphrase: row.passphrase as string, subject: row.subject as string } : null;
  }
}
