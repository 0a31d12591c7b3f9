import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { gapOf, jpForYear, profileAsOf, yearIn } from '@mahir/competency';
import { ledgerFact } from '@mahir/persistence';
import type { Actor } from '../../platform';
import { AuditService } from '../../platform';
import { EmployeeVisibility, type VisibleEmployee } from '../../organisation';
import { Problem } from '../../platform';
import { StandardsService } from '../standards/standards.service';
import type { CreditJpDto } from './dto/profile.dto';
import { ProfileRepository } from './profile.repository';

@Injectable()
export class ProfileService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: ProfileRepository,
    private readonly visibility: EmployeeVisibility,
    private readonly standards: StandardsService,
    private readonly audit: AuditService,
  ) {}

  /** Held vs required for each competency of the position's standard, as of an instant. */
  async profile(actor: Actor, employeeId: string, asOfText?: string) {
    const employee = await this.visibility.require(actor, employeeId);
    const asOf = asOfText ? new Date(asOfText) : new Date();
    const { standard, held, gap } = await this.employeeGap(employee, asOf);
    const byId = new Map(standard.map((s) => [s.competencyId, s]));
    const extra = [...held.values()].filter((h) => !byId.has(h.competencyId));
    const names = await this.repo.competencyNames([...byId.keys(), ...extra.map((h) => h.competencyId)]);
    return {
      employeeId: employee.id,
      positionId: employee.positionId,
      asOf: asOf.toISOString(),
      matchScore: gap.matchScore,
      totalShortfall: gap.totalShortfall,
      missing: gap.missing,
      items: gap.items.map((item) => ({
        competency: names.get(item.competencyId),
        required: item.required,
        held: item.held,
        shortfall: item.shortfall,
        status: item.status,
        explicit: byId.get(item.competencyId)?.explicit ?? false,
        entryId: held.get(item.competencyId)?.entryId ?? null,
        validUntil: held.get(item.competencyId)?.validUntil ?? null,
      })),
      /** Held competencies the position does not require. */
      otherHeld: extra.map((h) => ({ competency: names.get(h.competencyId), held: h.level, entryId: h.entryId, validUntil: h.validUntil })),
    };
  }

  /** The standard of the employee's position, what they hold as of an instant, and the gap between: the profile and the recommendations read it. */
  async employeeGap(employee: VisibleEmployee, asOf: Date = new Date()) {
    const [standard, entries] = await Promise.all([
      this.standards.forPosition(employee.tenantId, employee.positionId),
      this.repo.entriesOf(employee.tenantId, employee.id),
    ]);
    const held = profileAsOf(entries.map(ledgerFact), asOf);
    const gap = gapOf(new Map([...held].map(([id, h]) => [id, h.level])), new Map(standard.map((s) => [s.competencyId, s.requiredLevel])));
    return { standard, held, gap };
  }

  /** JP of a calendar year in the agency's zone against the yearly 20 JP. */
  async jp(actor: Actor, employeeId: string, year?: number) {
    const employee = await this.visibility.require(actor, employeeId);
    const zone = await this.repo.timeZoneOf(employee.tenantId);
    const y = year ?? yearIn(new Date(), zone);
    const credits = await this.repo.creditsOf(employee.tenantId, employee.id);
    const inYear = credits.filter((c) => yearIn(c.occurredAt, zone) === y);
    return {
      employeeId: employee.id,
      timeZone: zone,
      ...jpForYear(credits, y, zone),
      credits: inYear.map((c) => ({ id: c.id, minutes: c.minutes, occurredAt: c.occurredAt, source: c.source, sourceRef: c.sourceRef, description: c.description })),
    };
  }

  /** JP from training outside Mahir (e.g. a provincial BPSDM course), by a training admin. */
  async credit(actor: Actor, employeeId: string, dto: CreditJpDto) {
    const employee = await this.visibility.require(actor, employeeId);
    const occurredAt = new Date(dto.occurredAt);
    if (occurredAt.getTime() > Date.now() + 5 * 60 * 1000) throw Problem.field(422, 'occurredAt', 'ledger.occurredInFuture');
    const created = await this.db.transaction(async (tx) => {
      const credit = { tenantId: employee.tenantId, employeeId: employee.id, minutes: dto.minutes, source: dto.source, sourceRef: dto.sourceRef };
      if (await this.repo.insertCreditIfNew({ ...credit, occurredAt, description: dto.description ?? null, recordedBy: actor.userId }, tx)) {
        await this.audit.record(tx, actor, 'jp.credited', 'employee', employee.id, { minutes: dto.minutes, sourceRef: dto.sourceRef });
        return true;
      }
      if (!(await this.repo.sameCredit(credit, tx))) throw Problem.field(409, 'sourceRef', 'jp.sourceConflict', { sourceRef: dto.sourceRef });
      return false;
    });
    return { created, jp: await this.jp(actor, employeeId, yearIn(occurredAt, await this.repo.timeZoneOf(employee.tenantId))) };
  }
}
