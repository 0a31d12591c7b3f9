import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import type { CourseAssignmentStatus } from '@mahir/course';
import type { JobPayloads } from '@mahir/jobs';
import type { JobHandler } from '@mahir/runtime';
import { WORKER_LOGGER } from '../jobs/job-workers';

/**
 * Rows per INSERT … SELECT. Large enough that 50,000 employees take ten statements (the bulk
 * assignment budget is < 10 s), small enough that the admin sees progress and one batch's
 * transaction stays short.
 */
export const ASSIGNMENT_BATCH_SIZE = 5_000;

/** The target as the API stores it in course_assignment.target. */
type Target =
  | { kind: 'employees' | 'csv'; employeeIds: string[]; teamOf?: string }
  | { kind: 'unit'; unitId: string; includeSubUnits: boolean; teamOf?: string }
  | { kind: 'position'; positionId: string; teamOf?: string };

interface AssignmentRow {
  id: string;
  tenant_id: string;
  course_id: string;
  target: Target;
  mandatory: boolean;
  due_at: Date | null;
  due_in_days: number | null;
  status: CourseAssignmentStatus;
  created_by: string | null;
  created_at: Date;
  cursor_employee_id: string | null;
}

/**
 * The active employees of the tenant a target names, as `SELECT e.id …`. $1 is the tenant and
 * $2 the assignment (whose stored target the employee lists are read from, not re-sent).
 * A supervisor's assignment (teamOf) reaches only the people whose supervisor chain leads to them.
 */
function targetSql(target: Target): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length + 2}`;
  };
  let where: string;
  switch (target.kind) {
    case 'employees':
    case 'csv':
      where = `e.id IN (SELECT x.id::uuid FROM course_assignment a CROSS JOIN LATERAL jsonb_array_elements_text(a.target->'employeeIds') AS x(id) WHERE a.id = $2)`;
      break;
    case 'unit':
      where = target.includeSubUnits
        ? `e.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT id FROM unit WHERE tenant_id = $1 AND id = ${add(target.unitId)}
             UNION SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id WHERE u.tenant_id = $1) SELECT id FROM sub)`
        : `e.unit_id = ${add(target.unitId)}`;
      break;
    case 'position':
      where = `e.position_id = ${add(target.positionId)}`;
      break;
  }
  if (target.teamOf) {
    const lead = add(target.teamOf);
    where += ` AND e.id IN (WITH RECURSIVE team(id) AS (SELECT id FROM employee WHERE tenant_id = $1 AND supervisor_id = ${lead}
                 UNION SELECT m.id FROM employee m JOIN team ON m.supervisor_id = team.id WHERE m.tenant_id = $1) SELECT id FROM team)`;
  }
  return { sql: `SELECT e.id FROM employee e WHERE e.tenant_id = $1 AND e.status = 'active' AND ${where}`, params };
}

/**
 * Fans a course assignment out into enrollments, a batch at a time: each batch is one
 * INSERT … SELECT … ON CONFLICT DO NOTHING (plus activating pending requests of the same
 * course), committed together with the assignment's counters and its cursor under the
 * assignment's row lock. A retried, duplicated or restarted job resumes after the cursor,
 * so nothing is enrolled or counted twice; a finished assignment is left alone.
 */
@Injectable()
export class AssignmentFanOutHandler implements JobHandler<'assignment.created'> {
  readonly job = 'assignment.created' as const;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(data: JobPayloads['assignment.created']): Promise<{ processed: number; enrolled: number } | null> {
    const started = Date.now();
    for (;;) {
      const step = await this.db.transaction((tx) => this.step(tx, data.tenantId, data.assignmentId));
      if (step === 'gone') return null;
      if (step.finished) {
        this.logger.info({ assignmentId: data.assignmentId, ...step.counts, ms: Date.now() - started }, 'assignment fanned out');
        return step.counts;
      }
    }
  }

  /** One batch, in one transaction; 'gone' when the assignment does not exist (another tenant's id, or deleted). */
  private async step(tx: EntityManager, tenantId: string, assignmentId: string) {
    const [a]: AssignmentRow[] = await tx.query(`SELECT * FROM course_assignment WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, assignmentId]);
    if (!a) return 'gone' as const;
    const counts = async () => {
      const [row] = await tx.query(`SELECT processed, enrolled FROM course_assignment WHERE id = $1`, [a.id]);
      return row as { processed: number; enrolled: number };
    };
    if (a.status === 'done' || a.status === 'failed') return { finished: true, counts: await counts() };

    // The course may have been archived since the assignment was made: enrolling then would pin a version nobody may start.
    const [course]: { published_version: number }[] = await tx.query(
      `SELECT published_version FROM course WHERE id = $1 AND archived_at IS NULL AND published_version > 0`,
      [a.course_id],
    );
    if (!course) {
      await tx.query(`UPDATE course_assignment SET status = 'failed', finished_at = now() WHERE id = $1`, [a.id]);
      return { finished: true, counts: await counts() };
    }

    const target = targetSql(a.target);
    if (a.status === 'queued') {
      const [{ total }] = await tx.query(// $2 is typed here because unit and position targets do not mention it.
        `SELECT count(*)::int AS total FROM (${target.sql}) t WHERE $2::uuid IS NOT NULL`, [tenantId, a.id, ...target.params]);
      await tx.query(`UPDATE course_assignment SET status = 'running', total = $2 WHERE id = $1`, [a.id, total]);
    }

    const dueAt = a.due_at ?? (a.due_in_days ? new Date(a.created_at.getTime() + a.due_in_days * 86_400_000) : null);
    const n = target.params.length + 2;
    const p = (i: number) => `$${n + i}`;
    // Hot path of the bulk-assignment budget: set-based, one statement per batch.
    const [batch]: { size: number; last: string | null; activated: number; inserted: number }[] = await tx.query(
      `WITH target AS (${target.sql}),
       batch AS (SELECT id FROM target WHERE ${p(1)}::uuid IS NULL OR id > ${p(1)}::uuid ORDER BY id LIMIT ${ASSIGNMENT_BATCH_SIZE}),
       activated AS (
         UPDATE enrollment en SET status = 'active', course_version = ${p(2)}, origin = 'assigned', assignment_id = $2, mandatory = ${p(3)},
                due_at = ${p(4)}, activated_at = now(), updated_at = now()
         FROM batch WHERE en.tenant_id = $1 AND en.employee_id = batch.id AND en.course_id = ${p(5)} AND en.status = 'requested'
         RETURNING en.employee_id),
       inserted AS (
         INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, assignment_id, mandatory, due_at, activated_at, created_by)
         SELECT $1, b.id, ${p(5)}, ${p(2)}, 'active', 'assigned', $2, ${p(3)}, ${p(4)}, now(), ${p(6)}::uuid
         FROM batch b WHERE b.id NOT IN (SELECT employee_id FROM activated)
         ON CONFLICT (employee_id, course_id) WHERE status IN ('requested', 'active') DO NOTHING
         RETURNING employee_id)
       SELECT (SELECT count(*)::int FROM batch) AS size, (SELECT id FROM batch ORDER BY id DESC LIMIT 1) AS last,
              (SELECT count(*)::int FROM activated) AS activated, (SELECT count(*)::int FROM inserted) AS inserted`,
      [tenantId, a.id, ...target.params, a.cursor_employee_id, course.published_version, a.mandatory, dueAt, a.course_id, a.created_by],
    );
    const enrolled = batch.activated + batch.inserted;
    const finished = batch.size < ASSIGNMENT_BATCH_SIZE;
    // The counters, the cursor and the enrollments commit together: a crash loses the whole batch or none of it.
    await tx.query(
      `UPDATE course_assignment SET processed = processed + $2, enrolled = enrolled + $3, already_enrolled = already_enrolled + $4,
              cursor_employee_id = coalesce($5::uuid, cursor_employee_id),
              status = CASE WHEN $6 THEN 'done' ELSE 'running' END,
              total = CASE WHEN $6 THEN processed + $2 ELSE greatest(total, processed + $2) END,
              finished_at = CASE WHEN $6 THEN now() END
       WHERE id = $1`,
      [a.id, batch.size, enrolled, batch.size - enrolled, batch.last, finished],
    );
    return { finished, counts: await counts() };
  }
}
