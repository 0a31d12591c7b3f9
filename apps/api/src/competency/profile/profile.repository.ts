import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import type { AgencyTimeZone } from '@mahir/competency';
import { Competency, JpCreditRecord, LedgerEntry, Tenant } from '@mahir/persistence';

/** A competency as the profile names it. */
export type CompetencyName = Pick<Competency, 'id' | 'code' | 'name' | 'type'>;

/** What an employee's profile and JP read: ledger entries, JP credits, the agency's zone. */
@Injectable()
export class ProfileRepository {
  constructor(
    @InjectRepository(LedgerEntry) private readonly entries: Repository<LedgerEntry>,
    @InjectRepository(JpCreditRecord) private readonly credits: Repository<JpCreditRecord>,
  ) {}

  entriesOf(tenantId: string, employeeId: string): Promise<LedgerEntry[]> {
    return this.entries.findBy({ tenantId, employeeId });
  }

  /** Every JP credit of the employee, oldest first. */
  creditsOf(tenantId: string, employeeId: string): Promise<JpCreditRecord[]> {
    return this.credits.find({ where: { tenantId, employeeId }, order: { occurredAt: 'ASC' } });
  }

  /**
   * Credits unless the agency has a credit from the same source already (ON CONFLICT DO NOTHING:
   * the other key is the generated id); false then.
   */
  async insertCreditIfNew(
    values: Pick<JpCreditRecord, 'tenantId' | 'employeeId' | 'minutes' | 'occurredAt' | 'source' | 'sourceRef' | 'description' | 'recordedBy'>,
    manager: EntityManager = this.credits.manager,
  ): Promise<boolean> {
    const repo = manager.getRepository(JpCreditRecord);
    const credit = repo.create(values);
    // On a conflict no row comes back, and the entity gets no id.
    await repo.createQueryBuilder().insert().values(credit).orIgnore().execute();
    return Boolean(credit.id);
  }

  /** Whether the credit of that source is this employee's with these minutes: a replay, not a conflict. */
  sameCredit(
    values: Pick<JpCreditRecord, 'tenantId' | 'employeeId' | 'minutes' | 'source' | 'sourceRef'>,
    manager: EntityManager = this.credits.manager,
  ): Promise<boolean> {
    return manager.getRepository(JpCreditRecord).existsBy(values);
  }

  async timeZoneOf(tenantId: string): Promise<AgencyTimeZone> {
    return (await this.entries.manager.getRepository(Tenant).findOneOrFail({ select: { id: true, timeZone: true }, where: { id: tenantId } })).timeZone;
  }

  async competencyNames(ids: string[]): Promise<Map<string, CompetencyName>> {
    const rows = ids.length ? await this.entries.manager.getRepository(Competency).find({ select: { id: true, code: true, name: true, type: true }, where: { id: In(ids) } }) : [];
    return new Map(rows.map((r) => [r.id, { id: r.id, code: r.code, name: r.name, type: r.type }]));
  }
}
