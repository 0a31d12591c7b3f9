import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../auth/actor';
import { JpReportQueryDto, ReportQueryDto } from './dto/report.dto';
import { ReportsService } from './reports.service';

function sendCsv(res: Response, name: string, rows: Record<string, unknown>[], columns: string[]) {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
  return stringify(rows, { header: true, columns });
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('reports/gap-heatmap')
  @Roles('training_admin', 'tenant_admin')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Competency × unit: share of active employees below their position standard (format=csv to export)' })
  async heatmap(@CurrentActor() actor: Actor, @Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.gapHeatmap(actor, query.unitId);
    if (query.format !== 'csv') return report;
    const unit = new Map(report.units.map((u: { id: string; code: string }) => [u.id, u.code]));
    const competency = new Map(report.competencies.map((c: { id: string; code: string }) => [c.id, c.code]));
    const rows = report.cells.map((c) => ({ unit_code: unit.get(c.unitId), competency_code: competency.get(c.competencyId), employees: c.employees, below: c.below, share_below: c.shareBelow }));
    return sendCsv(res, 'kesenjangan-kompetensi', rows, ['unit_code', 'competency_code', 'employees', 'below', 'share_below']);
  }

  @Get('reports/jp-compliance')
  @Roles('training_admin', 'tenant_admin')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Active employees under 20 JP in the year, agency time zone (format=csv to export)' })
  async jp(@CurrentActor() actor: Actor, @Query() query: JpReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.jpCompliance(actor, query.unitId, query.year);
    if (query.format !== 'csv') return report;
    return sendCsv(res, `kepatuhan-jp-${report.year}`, report.under, ['nip', 'fullName', 'unitCode', 'minutes', 'jp', 'shortfallMinutes']);
  }

  @Get('team/gaps')
  @Roles('supervisor')
  @ApiOperation({ summary: 'My team: required competencies, how many below standard, match score' })
  team(@CurrentActor() actor: Actor) {
    return this.reports.teamGaps(actor);
  }
}
