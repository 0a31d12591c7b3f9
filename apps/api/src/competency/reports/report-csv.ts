import { stringify } from 'csv-stringify/sync';
import type { ReportsService } from './reports.service';

type Report<K extends keyof ReportsService> = Awaited<ReturnType<ReportsService[K]>>;

/** A report as a CSV file: its name (without .csv) and its text. Shared by the JSON API's format=csv and the portal's export links. */
export interface ReportCsv {
  name: string;
  body: string;
}

/** Unit × competency rows by code: employees required, how many below, and the share below (percent). */
export function gapHeatmapCsv(report: Report<'gapHeatmap'>): ReportCsv {
  const unit = new Map(report.units.map((u: { id: string; code: string }) => [u.id, u.code]));
  const competency = new Map(report.competencies.map((c: { id: string; code: string }) => [c.id, c.code]));
  const rows = report.cells.map((c) => ({ unit_code: unit.get(c.unitId), competency_code: competency.get(c.competencyId), employees: c.employees, below: c.below, share_below: c.shareBelow }));
  return { name: 'kesenjangan-kompetensi', body: stringify(rows, { header: true, columns: ['unit_code', 'competency_code', 'employees', 'below', 'share_below'] }) };
}

/** The employees under the yearly JP obligation (minutes and JP in tenths). */
export function jpComplianceCsv(report: Report<'jpCompliance'>): ReportCsv {
  return { name: `kepatuhan-jp-${report.year}`, body: stringify(report.under, { header: true, columns: ['nip', 'fullName', 'unitCode', 'minutes', 'jp', 'shortfallMinutes'] }) };
}

/** One row per course: enrollments started, active, completed, failed, overdue, and the completion rate (percent). */
export function courseCompletionCsv(report: Report<'courseCompletion'>): ReportCsv {
  const rows = report.courses.map((c) => ({ course_id: c.courseId, title: c.title, started: c.started, active: c.active, completed: c.completed, failed: c.failed, overdue: c.overdue, completion_rate: c.completionRate }));
  return { name: 'penyelesaian-kursus', body: stringify(rows, { header: true, columns: ['course_id', 'title', 'started', 'active', 'completed', 'failed', 'overdue', 'completion_rate'] }) };
}
