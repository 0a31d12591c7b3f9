import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The PKCS#12 a tenant signs certificates with (generated for demo tenants, uploaded by real agencies). */
@Entity('certificate_signing_key')
export class CertificateSigningKey {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('bytea') pkcs12!: Buffer;
  @Column('text') passphrase!: string;
  @Column('text') subject!: string;
  @Column('boolean') generated!: boolean;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
