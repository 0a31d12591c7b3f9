import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { JpReportQueryDto, ReportQueryDto } from './dto/report.dto';
import { courseCompletionCsv, gapHeatmapCsv, jpComplianceCsv, type ReportCsv } from './report-csv';
import { ReportsService } from './reports.service';

function sendCsv(res: Response, csv: ReportCsv) {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${csv.name}.csv"`);
  return csv.body;
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
    return query.format === 'csv' ? sendCsv(res, gapHeatmapCsv(report)) : report;
  }

  @Get('reports/jp-compliance')
  @Roles('training_admin', 'tenant_admin')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Active employees under 20 JP in the year, agency time zone (format=csv to export)' })
  async jp(@CurrentActor() actor: Actor, @Query() query: JpReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.jpCompliance(actor, query.unitId, query.year);
    return query.format === 'csv' ? sendCsv(res, jpComplianceCsv(report)) : report;
  }

  @Get('reports/course-completion')
  @Roles('training_admin', 'tenant_admin')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Per course: enrollments of the unit subtree started, completed, failed, overdue, and the completion rate (format=csv to export)' })
  async completion(@CurrentActor() actor: Actor, @Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.courseCompletion(actor, query.unitId);
    return query.format === 'csv' ? sendCsv(res, courseCompletionCsv(report)) : report;
  }

  @Get('team/gaps')
  @Roles('supervisor')
  @ApiOperation({ summary: 'My team: required competencies, how many below standard, match score' })
  team(@CurrentActor() actor: Actor) {
    return this.reports.teamGaps(actor);
  }
}
