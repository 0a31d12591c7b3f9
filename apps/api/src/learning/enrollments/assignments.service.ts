import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parseNip } from '@mahir/competency';
import type { Locale } from '@mahir/i18n';
import { writeOutboxEvent } from '@mahir/persistence';
import { hasRole, tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { parseCsvFile } from '../../platform';
import type { ImportReport } from '../../platform';
import { rowErrors } from '../../platform';
import type { PageQueryDto } from '../../platform';
import { pageOf } from '../../platform';
import { Problem, type FieldError } from '../../platform';
import type { AssignmentCsvQueryDto, AssignmentTargetDto, CreateAssignmentDto } from './dto/assignment.dto';
import { MAX_ASSIGNED_EMPLOYEES } from './dto/assignment.dto';
import { AssignmentsRepository, type EmployeeByNip, type StoredTarget } from './assignments.repository';
import { EnrollmentsRepository } from './enrollments.repository';

/** Clock skew tolerated before a due date counts as already past. */
const CLOCK_SKEW_MS = 60_000;
/** Field errors listed for one refused list of employees: enough to fix the file, not a megabyte of problems. */
const MAX_LISTED_ERRORS = 100;

/** The CSV assignment's report: the import report's row counts without its upsert counts. */
export type AssignmentCsvReport = Pick<ImportReport, 'mode' | 'dryRun' | 'rows' | 'valid' | 'invalid' | 'written' | 'errors'>;

interface Due {
  dueAt: Date | null;
  dueInDays: number | null;
}

/**
 * Assigning a course: the API checks the target and writes the assignment with its outbox event
 * in one transaction (202); the worker fans it out into enrollments in batches and keeps the
 * counts current. Training admins assign anyone of the agency; supervisors only their team.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly assignments: AssignmentsRepository,
    private readonly enrollments: EnrollmentsRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, courseId: string, dto: CreateAssignmentDto) {
    const tenantId = tenantOf(actor);
    const teamOf = this.teamOf(actor);
    const course = await this.enrollments.enrollableCourse(tenantId, courseId);
    if (!course) throw Problem.notFound('enrollment.courseNotFound');
    const due = this.due(dto.dueAt, dto.dueInDays);
    const target = await this.checkTarget(tenantId, dto.target, teamOf);
    return this.write(actor, tenantId, course.id, target, dto.mandatory ?? false, due);
  }

  /** A CSV of NIPs: each row checked and reported; the valid rows assigned (all-or-nothing on request). */
  async createFromCsv(actor: Actor, courseId: string, csv: string, query: AssignmentCsvQueryDto, locale: Locale) {
    const tenantId = tenantOf(actor);
    const teamOf = this.teamOf(actor);
    const course = await this.enrollments.enrollableCourse(tenantId, courseId);
    if (!course) throw Problem.notFound('enrollment.courseNotFound');
    const due = this.due(query.dueAt, query.dueInDays);
    const records = parseCsvFile(csv, { columns: ['nip'], required: ['nip'], maxRows: MAX_ASSIGNED_EMPLOYEES, maxRecordBytes: 4096 });

    const { errors, fail } = rowErrors(locale);
    const wellFormed: { line: number; nip: string }[] = [];
    const seen = new Map<string, number>();
    for (const { record, line } of records) {
      const nip = (record.nip ?? '').trim();
      const parsed = parseNip(nip);
      const first = seen.get(nip);
      if (!parsed.valid) fail(line, 'nip', nip ? `rule.${parsed.rule}` : 'rule.required', nip);
      else if (first !== undefined) fail(line, 'nip', 'import.duplicateRow', nip, { line: first });
      else {
        seen.set(nip, line);
        wellFormed.push({ line, nip });
      }
    }
    // Other agencies' NIPs, and for a supervisor anyone outside the team, read as unknown: the answer must not tell them apart.
    const known = await this.assignableByNip(tenantId, wellFormed.map((r) => r.nip), teamOf);
    const employeeIds: string[] = [];
    for (const { line, nip } of wellFormed) {
      const employee = known.get(nip);
      if (!employee) fail(line, 'nip', 'assignment.unknownNip', nip);
      else if (employee.status !== 'active') fail(line, 'nip', 'assignment.inactiveEmployee', nip);
      else employeeIds.push(employee.id);
    }
    errors.sort((a, b) => a.line - b.line);
    const report: AssignmentCsvReport = {
      mode: query.mode, dryRun: query.dryRun, rows: records.length, valid: employeeIds.length,
      invalid: new Set(errors.map((e) => e.line)).size, written: false, errors,
    };
    if (report.invalid > 0 && query.mode === 'all-or-nothing') throw new Problem(422, 'import.rowsInvalid', { count: report.invalid }, [], { report });
    if (employeeIds.length === 0) throw new Problem(422, 'assignment.noValidRows', {}, [], { report });
    if (query.dryRun) return { report, assignment: null };
    const assignment = await this.write(actor, tenantId, course.id, { kind: 'csv', employeeIds, ...(teamOf ? { teamOf } : {}) }, query.mandatory, due);
    report.written = true;
    return { report, assignment };
  }

  /** Admins: the agency's assignments of the course; supervisors: the ones they made. Newest first. */
  async listForCourse(actor: Actor, courseId: string, query: PageQueryDto) {
    const tenantId = tenantOf(actor);
    if (!(await this.assignments.courseVisible(tenantId, courseId))) throw Problem.notFound('enrollment.courseNotFound');
    const { items, total } = await this.assignments.page({
      tenantId,
      courseId,
      createdBy: hasRole(actor, 'training_admin') ? undefined : actor.userId,
      page: query.page,
      pageSize: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  async get(actor: Actor, id: string) {
    const row = await this.assignments.view(tenantOf(actor), id, hasRole(actor, 'training_admin') ? undefined : actor.userId);
    if (!row) throw Problem.notFound('assignment.notFound');
    return row;
  }

  /** A supervisor assigns within their team only; the worker intersects every target with it. */
  private teamOf(actor: Actor): string | undefined {
    if (hasRole(actor, 'training_admin')) return undefined;
    if (!actor.employeeId) throw new Problem(403, 'auth.forbiddenRole');
    return actor.employeeId;
  }

  /** A fixed due date must lie ahead; a relative one counts from the assignment. One or neither, never both. */
  private due(dueAt: string | undefined, dueInDays: number | undefined): Due {
    if (dueAt !== undefined && dueInDays !== undefined) {
      throw Problem.validation([{ field: 'dueInDays', rule: 'dueBoth', key: 'assignment.dueBoth' }]);
    }
    const at = dueAt === undefined ? null : new Date(dueAt);
    if (at && at.getTime() < Date.now() - CLOCK_SKEW_MS) throw Problem.field(422, 'dueAt', 'assignment.dueInPast');
    return { dueAt: at, dueInDays: dueInDays ?? null };
  }

  /** Checks the target against the agency (and the supervisor's team) before anything is written. */
  private async checkTarget(tenantId: string, target: AssignmentTargetDto, teamOf: string | undefined): Promise<StoredTarget> {
    const foreign: Record<AssignmentTargetDto['kind'], (keyof AssignmentTargetDto)[]> = {
      employees: ['unitId', 'includeSubUnits', 'positionId'],
      unit: ['employeeIds', 'positionId'],
      position: ['employeeIds', 'unitId', 'includeSubUnits'],
    };
    const extra = foreign[target.kind].filter((f) => target[f] !== undefined);
    if (extra.length) throw Problem.validation(extra.map((f) => ({ field: `target.${f}`, rule: 'unknownField' })));
    const team = teamOf ? { teamOf } : {};
    switch (target.kind) {
      case 'employees': {
        const ids = target.employeeIds ?? [];
        const refused = await this.assignments.refusedEmployees(tenantId, ids, teamOf, MAX_LISTED_ERRORS + 1);
        if (refused.length) {
          const errors: FieldError[] = refused.slice(0, MAX_LISTED_ERRORS).map((r) => ({
            field: `target.employeeIds[${r.n - 1}]`, rule: 'employeeUnknown', key: 'assignment.employeeUnknown', params: { value: r.id },
          }));
          throw new Problem(422, 'assignment.employeesInvalid', { count: refused.length > MAX_LISTED_ERRORS ? `${MAX_LISTED_ERRORS}+` : refused.length }, errors);
        }
        return { kind: 'employees', employeeIds: ids, ...team };
      }
      case 'unit': {
        const { unitId } = target;
        if (unitId === undefined || !(await this.assignments.unitExists(tenantId, unitId))) throw Problem.field(422, 'target.unitId', 'assignment.unitNotFound');
        return { kind: 'unit', unitId, includeSubUnits: target.includeSubUnits ?? false, ...team };
      }
      case 'position': {
        const { positionId } = target;
        if (positionId === undefined || !(await this.assignments.positionExists(tenantId, positionId))) throw Problem.field(422, 'target.positionId', 'assignment.positionNotFound');
        return { kind: 'position', positionId, ...team };
      }
    }
  }

  private async assignableByNip(tenantId: string, nips: string[], teamOf: string | undefined) {
    if (nips.length === 0) return new Map<string, EmployeeByNip>();
    const rows = await this.assignments.employeesByNip(tenantId, nips, teamOf);
    return new Map(rows.map((r) => [r.nip, r]));
  }

  /** The assignment and its outbox event commit together: the fan-out happens exactly when the assignment exists. */
  private async write(actor: Actor, tenantId: string, courseId: string, target: StoredTarget, mandatory: boolean, due: Due) {
    const id = await this.db.transaction(async (tx) => {
      const assignmentId = await this.assignments.create(
        {
          tenantId, courseId, target, mandatory, dueAt: due.dueAt, dueInDays: due.dueInDays,
          total: 'employeeIds' in target ? target.employeeIds.length : 0, createdBy: actor.userId,
        },
        tx,
      );
      await writeOutboxEvent(tx, 'assignment.created', tenantId, { tenantId, assignmentId });
      await this.audit.record(tx, actor, 'assignment.created', 'course_assignment', assignmentId, {
        courseId, kind: target.kind, mandatory, employees: 'employeeIds' in target ? target.employeeIds.length : null,
      });
      return assignmentId;
    });
    const view = await this.assignments.view(null, id);
    if (!view) throw Problem.notFound('assignment.notFound');
    return view;
  }
}
