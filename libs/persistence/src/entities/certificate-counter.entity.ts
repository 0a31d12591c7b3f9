import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last certificate number given out in a tenant's year; incremented in the issuing transaction, so numbers have no gaps. */
@Entity('certificate_counter')
export class CertificateCounter {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('int') year!: number;
  @Column('int', { name: 'last_value' }) lastValue!: number;
}
