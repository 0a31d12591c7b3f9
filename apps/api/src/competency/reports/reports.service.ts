import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MINUTES_PER_JP, UTC_OFFSET_HOURS, YEARLY_JP_OBLIGATION, yearIn } from '@mahir/competency';
import { tenantOf, type Actor } from '../../platform';
import { Problem } from '../../platform';
import { ReportsRepository } from './reports.repository';

@Injectable()
export class ReportsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: ReportsRepository,
  ) {}

  /** Per unit of the subtree and competency: employees required to hold it, and the share below the standard. */
  async gapHeatmap(actor: Actor, unitId?: string) {
    const tenantId = tenantOf(actor);
    await this.requireUnit(tenantId, unitId);
    const cells = await this.db.transaction(async (tx) => {
      await this.repo.refreshHoldings(tenantId, tx);
      return this.repo.gapCells(tenantId, unitId ?? null, tx);
    });
    const [units, competencies] = await Promise.all([
      this.repo.unitNames([...new Set(cells.map((c) => c.unitId))]),
      this.repo.competencyNames([...new Set(cells.map((c) => c.competencyId))]),
    ]);
    return {
      unitId: unitId ?? null,
      units,
      competencies,
      cells: cells.map((c) => ({ ...c, shareBelow: c.employees ? Math.round((1000 * c.below) / c.employees) / 10 : 0 })),
    };
  }

  /** Active employees of the subtree under 20 JP in the year, fewest JP first. */
  async jpCompliance(actor: Actor, unitId: string | undefined, year: number | undefined) {
    const tenantId = tenantOf(actor);
    await this.requireUnit(tenantId, unitId);
    const zone = await this.repo.timeZoneOf(tenantId);
    const y = year ?? yearIn(new Date(), zone);
    // The year's bounds in the agency's zone (no DST in Indonesia).
    const from = new Date(Date.UTC(y, 0, 1) - UTC_OFFSET_HOURS[zone] * 3_600_000);
    const to = new Date(Date.UTC(y + 1, 0, 1) - UTC_OFFSET_HOURS[zone] * 3_600_000);
    const obligation = YEARLY_JP_OBLIGATION * MINUTES_PER_JP;
    const rows = await this.repo.jpMinutes(tenantId, unitId ?? null, from, to);
    const under = rows
      .filter((r) => r.minutes < obligation)
      .map((r) => ({ ...r, jp: Math.floor((10 * r.minutes) / MINUTES_PER_JP) / 10, shortfallMinutes: obligation - r.minutes }))
      .sort((a, b) => a.minutes - b.minutes || a.fullName.localeCompare(b.fullName, 'id'));
    return { year: y, timeZone: zone, obligationMinutes: obligation, employees: rows.length, compliant: rows.length - under.length, under };
  }

  /**
   * Enrollments of the subtree's employees per course: how many started (active, completed or
   * failed), completed, failed, are overdue, and the completion rate of those started (percent, one decimal).
   */
  async courseCompletion(actor: Actor, unitId?: string) {
    const tenantId = tenantOf(actor);
    await this.requireUnit(tenantId, unitId);
    const rows = await this.repo.courseCompletion(tenantId, unitId ?? null);
    return {
      unitId: unitId ?? null,
      courses: rows.map((r) => ({ ...r, completionRate: r.started ? Math.round((1000 * r.completed) / r.started) / 10 : 0 })),
    };
  }

  /** The supervisor's team (everyone below them), one line per member. */
  async teamGaps(actor: Actor) {
    const tenantId = tenantOf(actor);
    if (!actor.employeeId) return { members: [] };
    await this.db.transaction((tx) => this.repo.refreshHoldings(tenantId, tx));
    const members = await this.repo.teamGaps(tenantId, actor.employeeId);
    return { members };
  }

  private async requireUnit(tenantId: string, unitId: string | undefined) {
    if (!unitId) return;
    if (!(await this.repo.unitExists(tenantId, unitId))) throw Problem.field(404, 'unitId', 'unit.notFound');
  }
}
