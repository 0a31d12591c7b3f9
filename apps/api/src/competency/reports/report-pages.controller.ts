import { BadRequestException, Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Portal } from '@mahir/runtime';
import type { PortalRequest } from '../../platform';
import { JpReportQueryDto } from './dto/report.dto';
import { courseCompletionCsv, gapHeatmapCsv, jpComplianceCsv, type ReportCsv } from './report-csv';
import { ReportsService } from './reports.service';
import { UnitsService, type UnitNode } from '../../organisation';
import { validateForm } from '../../platform';
import { portalLocale, portalText } from '../../platform';
import { ViewService } from '../../platform';
import { filledQuery, pageLinks } from '../../platform';
import { gapHeatmapSvg, gapLegendSvg, type HeatAxis } from './gap-heatmap-svg';
import { PortalPages } from '../../platform';

/** Cells shown per page of the heatmap (units are paged so the page stays well under 100 KB). */
const CELLS_PER_PAGE = 360;
/** Employees under the JP obligation listed on the page; the CSV has them all. */
const JP_ROWS = 50;

function flatten(nodes: UnitNode[], depth = 0): { id: string; label: string }[] {
  return nodes.flatMap((n) => [{ id: n.id, label: `${'— '.repeat(depth)}${n.code} · ${n.name}` }, ...flatten(n.children, depth + 1)]);
}

/** Reports for training and agency admins: the unit gap heatmap, JP compliance and completion per course, each with a CSV export. */
@PortalPages()
@Controller('admin/reports')
export class ReportPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly reports: ReportsService,
    private readonly units: UnitsService,
  ) {}

  @Get()
  @Portal('training_admin', 'tenant_admin')
  async show(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Query() query: Record<string, unknown>) {
    const filters = filledQuery(query, ['unitId', 'year']);
    const form = await validateForm(req, JpReportQueryDto, filters);
    if (form.invalid) res.status(400);
    const unitId = form.value?.unitId;
    const year = form.value?.year;
    const pageText = query['page'];
    const page = typeof pageText === 'string' && /^\d{1,6}$/.test(pageText) ? Math.max(1, Number(pageText)) : 1;
    const [heatmap, jp, completion, tree] = await Promise.all([
      this.reports.gapHeatmap(req.actor, unitId),
      this.reports.jpCompliance(req.actor, unitId, year),
      this.reports.courseCompletion(req.actor, unitId),
      this.units.tree(req.actor),
    ]);
    const lang = portalLocale(req);
    const competencies = heatmap.competencies as HeatAxis[];
    const allUnits = heatmap.units as HeatAxis[];
    const perPage = Math.max(1, Math.floor(CELLS_PER_PAGE / Math.max(1, competencies.length)));
    const units = allUnits.slice((page - 1) * perPage, page * perPage);
    const byKey = new Map(heatmap.cells.map((c) => [`${c.unitId}|${c.competencyId}`, c]));
    const svg = units.length && competencies.length
      ? gapHeatmapSvg(units, competencies, heatmap.cells, {
          title: portalText('admin.reports.heatmapTitle', lang),
          cell: (u, c, cell) => portalText('admin.reports.cell', lang, { unit: `${u.code} ${u.name}`, competency: `${c.code} ${c.name}`, share: cell.shareBelow, below: cell.below, employees: cell.employees }),
          empty: (u, c) => portalText('admin.reports.cellEmpty', lang, { unit: `${u.code} ${u.name}`, competency: `${c.code} ${c.name}` }),
        })
      : null;
    const legend = gapLegendSvg(portalText('admin.reports.legend', lang), (share) => `${share} %`, portalText('admin.reports.notRequired', lang));
    const rows = units.map((u) => ({ unit: u, cells: competencies.map((c) => byKey.get(`${u.id}|${c.id}`) ?? null) }));
    const exportQuery = new URLSearchParams(Object.entries({ unitId: unitId ?? '', year: year ? String(year) : '' }).filter(([, v]) => v)).toString();
    return this.views.page(
      req,
      'admin/reports',
      { title: 'admin.reports.title', values: filters, errors: form.invalid?.errors, errorSummary: form.invalid?.summary },
      {
        units: flatten(tree),
        svg,
        legend,
        competencies,
        rows,
        pager: allUnits.length > perPage ? pageLinks('/admin/reports', { unitId, year }, page, perPage, allUnits.length) : null,
        jp: { ...jp, underCount: jp.under.length, shown: jp.under.slice(0, JP_ROWS), more: jp.under.length > JP_ROWS },
        completion: completion.courses,
        exports: {
          heatmap: `/admin/reports/export/gap-heatmap${exportQuery ? `?${exportQuery}` : ''}`,
          jp: `/admin/reports/export/jp-compliance${exportQuery ? `?${exportQuery}` : ''}`,
          completion: `/admin/reports/export/course-completion${exportQuery ? `?${exportQuery}` : ''}`,
        },
      },
    );
  }

  /** The same CSV files as the JSON API's format=csv, for the signed-in admin. */
  @Get('export/:report')
  @Portal('training_admin', 'tenant_admin')
  async export(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('report') report: string, @Query() query: Record<string, unknown>) {
    const form = await validateForm(req, JpReportQueryDto, filledQuery(query, ['unitId', 'year']));
    if (form.invalid) throw new BadRequestException();
    const { unitId, year } = form.value;
    let csv: ReportCsv;
    if (report === 'gap-heatmap') csv = gapHeatmapCsv(await this.reports.gapHeatmap(req.actor, unitId));
    else if (report === 'jp-compliance') csv = jpComplianceCsv(await this.reports.jpCompliance(req.actor, unitId, year));
    else if (report === 'course-completion') csv = courseCompletionCsv(await this.reports.courseCompletion(req.actor, unitId));
    else throw new NotFoundException();
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${csv.name}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    return csv.body;
  }
}
