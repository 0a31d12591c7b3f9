import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AGENCY_TIME_ZONES, DEFAULT_MANAGERIAL_TARGET, IANA_ZONE, MINUTES_PER_JP, YEARLY_JP_OBLIGATION_MINUTES } from '@mahir/competency';
import type { JobPayloads } from '@mahir/jobs';
import { REMINDER_RULES, zonesToSweep } from '@mahir/notify';
import type { JobHandler } from '@mahir/runtime';

/**
 * Each rule selects (tenant_id, employee_id, enrollment_id, kind, dedupe_key, local_day, mandatory,
 * data) for the zones now in office hours (CTE `zones`: zone, tz, local_day) at $4 (the sweep's "now").
 * Dedupe keys carry the local day, so each reminder goes at most once per kind, enrollment and day.
 */
const COURSE = `JOIN course_version v ON v.course_id = en.course_id AND v.version = en.course_version`;
const LOCAL_DUE = `(en.due_at AT TIME ZONE z.tz)`;
/** (class, level) pairs of the managerial/socio-cultural class defaults, as SQL VALUES (one source: @mahir/competency). */
const CLASS_DEFAULTS = Object.entries(DEFAULT_MANAGERIAL_TARGET)
  .filter(([, level]) => level !== null)
  .map(([cls, level]) => `('${cls}', ${level})`)
  .join(', ');

const RULES: Record<string, string> = {
  // 7 and 1 local days before the due date.
  due: `
    SELECT en.tenant_id, en.employee_id, en.id AS enrollment_id, 'reminder.due' AS kind,
           'reminder.due:' || en.id || ':' || z.local_day AS dedupe_key, z.local_day, en.mandatory,
           jsonb_build_object('enrollmentId', en.id, 'courseTitle', v.title, 'dueDate', to_char(${LOCAL_DUE}, 'YYYY-MM-DD'),
                              'days', ${LOCAL_DUE}::date - z.local_day, 'progressPercent', en.progress_percent) AS data
    FROM zones z JOIN swept t ON t.time_zone = z.zone
    JOIN enrollment en ON en.tenant_id = t.id AND en.status = 'active' AND en.due_at > $4 AND en.due_at < $4::timestamptz + interval '9 days'
    JOIN employee e ON e.id = en.employee_id AND e.status = 'active'
    ${COURSE}
    WHERE ${LOCAL_DUE}::date - z.local_day = ANY($5::int[])`,
  // The first local day after the due date, then every REMINDER_RULES.overdueEveryDays days.
  overdue: `
    SELECT en.tenant_id, en.employee_id, en.id AS enrollment_id, 'reminder.overdue' AS kind,
           'reminder.overdue:' || en.id || ':' || z.local_day AS dedupe_key, z.local_day, en.mandatory,
           jsonb_build_object('enrollmentId', en.id, 'courseTitle', v.title, 'dueDate', to_char(${LOCAL_DUE}, 'YYYY-MM-DD'),
                              'daysOverdue', z.local_day - ${LOCAL_DUE}::date, 'progressPercent', en.progress_percent) AS data
    FROM zones z JOIN swept t ON t.time_zone = z.zone
    JOIN enrollment en ON en.tenant_id = t.id AND en.status = 'active' AND en.due_at < $4
    JOIN employee e ON e.id = en.employee_id AND e.status = 'active'
    ${COURSE}
    WHERE z.local_day - ${LOCAL_DUE}::date >= 1 AND (z.local_day - ${LOCAL_DUE}::date - 1) % $6 = 0`,
  // No progress for 14 days (or since activation): a nudge, repeated every 14 days while it lasts.
  inactive: `
    SELECT en.tenant_id, en.employee_id, en.id AS enrollment_id, 'reminder.inactive' AS kind,
           'reminder.inactive:' || en.id || ':' || z.local_day AS dedupe_key, z.local_day, en.mandatory,
           jsonb_build_object('enrollmentId', en.id, 'courseTitle', v.title, 'days', i.days, 'progressPercent', en.progress_percent) AS data
    FROM zones z JOIN swept t ON t.time_zone = z.zone
    JOIN enrollment en ON en.tenant_id = t.id AND en.status = 'active'
      AND coalesce(en.last_activity_at, en.activated_at) < $4::timestamptz - make_interval(days => $7)
    CROSS JOIN LATERAL (SELECT z.local_day - (coalesce(en.last_activity_at, en.activated_at) AT TIME ZONE z.tz)::date AS days) i
    JOIN employee e ON e.id = en.employee_id AND e.status = 'active'
    ${COURSE}
    WHERE NOT EXISTS (SELECT 1 FROM reminder_log r WHERE r.tenant_id = en.tenant_id AND r.kind = 'reminder.inactive'
                      AND r.enrollment_id = en.id AND r.local_day > z.local_day - $7)`,
  // A daily digest to each supervisor of their direct reports' overdue enrollments.
  teamOverdue: `
    SELECT s.tenant_id, s.id AS employee_id, NULL::uuid AS enrollment_id, 'digest.team-overdue' AS kind,
           'digest.team-overdue:' || s.id || ':' || z.local_day AS dedupe_key, z.local_day, false AS mandatory,
           jsonb_build_object('count', count(*),
             'summary', array_to_string((array_agg(e.full_name || ' — ' || v.title || ' (' || to_char(${LOCAL_DUE}, 'YYYY-MM-DD') || ')' ORDER BY en.due_at))[1:20], E'\\n')) AS data
    FROM zones z JOIN swept t ON t.time_zone = z.zone
    JOIN enrollment en ON en.tenant_id = t.id AND en.status = 'active' AND en.due_at < $4
    JOIN employee e ON e.id = en.employee_id AND e.status = 'active'
    JOIN employee s ON s.tenant_id = e.tenant_id AND s.id = e.supervisor_id AND s.status = 'active'
    ${COURSE}
    GROUP BY s.tenant_id, s.id, z.local_day`,
  // From October, employees short of the yearly JP ($9 minutes): weekly ($11), with up to $12 catalog courses closing their gaps.
  jpShortfall: `
    WITH short AS MATERIALIZED (
      SELECT e.tenant_id, e.id AS employee_id, e.position_id, z.local_day, coalesce(j.minutes, 0)::int AS minutes
      FROM zones z JOIN swept t ON t.time_zone = z.zone
      JOIN employee e ON e.tenant_id = t.id AND e.status = 'active'
      LEFT JOIN (SELECT c.tenant_id, c.employee_id, sum(c.minutes) AS minutes FROM jp_credit c
                 JOIN swept ct ON ct.id = c.tenant_id JOIN zones cz ON cz.zone = ct.time_zone
                 WHERE c.occurred_at <= $4 AND c.occurred_at >= (date_trunc('year', cz.local_day)::timestamp AT TIME ZONE cz.tz)
                 GROUP BY c.tenant_id, c.employee_id) j ON j.tenant_id = e.tenant_id AND j.employee_id = e.id
      WHERE extract(month FROM z.local_day) >= $10 AND coalesce(j.minutes, 0) < $9
        AND NOT EXISTS (SELECT 1 FROM reminder_log r WHERE r.tenant_id = e.tenant_id AND r.kind = 'reminder.jp-shortfall'
                        AND r.employee_id = e.id AND r.local_day > z.local_day - $11)),
    -- Set-based on purpose (budget: the whole sweep over 100,000 enrollments in < 60 s): the standards of the
    -- positions involved, the gaps of every short employee, and the catalog's offers, each computed once.
    -- The effective standard: explicit levels, else the class default for the national dictionary (the same
    -- rule as apps/api standards/effective-standard.ts).
    std AS MATERIALIZED (
      SELECT ps.position_id, ps.competency_id, ps.required_level AS required FROM position_standard ps
      JOIN competency c ON c.id = ps.competency_id AND c.retired_at IS NULL
      WHERE ps.position_id IN (SELECT DISTINCT position_id FROM short)
      UNION ALL
      SELECT p.id, c.id, d.level FROM position p
      JOIN (VALUES ${CLASS_DEFAULTS}) AS d(position_class, level) ON d.position_class = p.position_class
      CROSS JOIN competency c
      WHERE p.id IN (SELECT DISTINCT position_id FROM short) AND c.tenant_id IS NULL AND c.retired_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM position_standard ps WHERE ps.position_id = p.id AND ps.competency_id = c.id)),
    gaps AS MATERIALIZED (
      SELECT s.tenant_id, s.employee_id, std.competency_id, coalesce(h.level, 0) AS held
      FROM short s JOIN std ON std.position_id = s.position_id
      LEFT JOIN competency_holding h ON h.employee_id = s.employee_id AND h.competency_id = std.competency_id
        AND (h.valid_until IS NULL OR h.valid_until > $4)
      WHERE std.required > coalesce(h.level, 0)),
    offered AS MATERIALIZED (
      -- Open catalog courses (the agency's or national) with the competencies and levels they grant.
      SELECT cc.course_id, cc.tenant_id, cc.visibility, cc.title, cc.jp_minutes, g."competencyId" AS competency_id, g.level
      FROM course_catalog cc CROSS JOIN LATERAL jsonb_to_recordset(cc.competencies) AS g("competencyId" uuid, level int)
      WHERE cc.enrollment_policy <> 'assigned' AND g."competencyId" IN (SELECT DISTINCT competency_id FROM gaps)),
    taken AS MATERIALIZED (
      -- Courses the short employees already take or took: one scan, then a hashed NOT IN below.
      SELECT en.employee_id, en.course_id FROM enrollment en
      WHERE en.status IN ('requested', 'active', 'completed') AND en.employee_id IN (SELECT employee_id FROM short)),
    ranked AS (
      -- Per employee, the courses raising most gaps first, not already taken; the first $12.
      SELECT o.employee_id, o.title, o.jp_minutes, o.closes,
             row_number() OVER (PARTITION BY o.employee_id ORDER BY o.closes DESC, o.jp_minutes, o.title) AS n
      FROM (SELECT gaps.employee_id, f.course_id, f.title, f.jp_minutes, count(*) AS closes
            FROM gaps JOIN offered f ON f.competency_id = gaps.competency_id AND f.level > gaps.held
              AND (f.tenant_id = gaps.tenant_id OR f.visibility = 'national')
            -- NOT IN over non-null columns runs as one hashed subplan; an anti-join here was planned as a nested
            -- loop (a CTE has no statistics) and went quadratic in the number of short employees.
            WHERE (gaps.employee_id, f.course_id) NOT IN (SELECT employee_id, course_id FROM taken)
            GROUP BY gaps.employee_id, f.course_id, f.title, f.jp_minutes) o),
    recommended AS (
      SELECT employee_id,
             string_agg('- ' || title || ' (' || (floor(jp_minutes * 10 / ${MINUTES_PER_JP}.0) / 10)::float8 || ' JP)', E'\\n'
                        ORDER BY closes DESC, jp_minutes, title) AS courses
      FROM ranked WHERE n <= $12 GROUP BY employee_id)
    SELECT s.tenant_id, s.employee_id, NULL::uuid AS enrollment_id, 'reminder.jp-shortfall' AS kind,
           'reminder.jp-shortfall:' || s.employee_id || ':' || s.local_day AS dedupe_key, s.local_day, false AS mandatory,
           jsonb_build_object('year', extract(year FROM s.local_day)::int, 'jp', (floor(s.minutes * 10 / ${MINUTES_PER_JP}.0) / 10)::float8,
                              'obligation', $9 / ${MINUTES_PER_JP}, 'shortfall', (ceil(($9 - s.minutes) * 10 / ${MINUTES_PER_JP}.0) / 10)::float8,
                              'courses', rec.courses) AS data
    FROM short s LEFT JOIN recommended rec ON rec.employee_id = s.employee_id`,
  // Competencies held whose validity ends $8 local days from today.
  competencyExpiry: `
    SELECT h.tenant_id, h.employee_id, NULL::uuid AS enrollment_id, 'reminder.competency-expiry' AS kind,
           'reminder.competency-expiry:' || h.employee_id || ':' || h.competency_id || ':' || z.local_day AS dedupe_key, z.local_day, false AS mandatory,
           jsonb_build_object('competencyId', c.id, 'competencyName', c.name, 'level', h.level,
                              'validUntil', to_char(h.valid_until AT TIME ZONE z.tz, 'YYYY-MM-DD'),
                              'days', (h.valid_until AT TIME ZONE z.tz)::date - z.local_day) AS data
    FROM zones z JOIN swept t ON t.time_zone = z.zone
    JOIN competency_holding h ON h.tenant_id = t.id AND h.valid_until > $4 AND h.valid_until < $4::timestamptz + interval '62 days'
    JOIN employee e ON e.tenant_id = h.tenant_id AND e.id = h.employee_id AND e.status = 'active'
    JOIN competency c ON c.id = h.competency_id
    WHERE (h.valid_until AT TIME ZONE z.tz)::date - z.local_day = ANY($8::int[])`,
  // Valid certificates whose expiry is $8 local days from today.
  certificateExpiry: `
    SELECT c.tenant_id, c.employee_id, c.enrollment_id, 'reminder.certificate-expiry' AS kind,
           'reminder.certificate-expiry:' || c.id || ':' || z.local_day AS dedupe_key, z.local_day, false AS mandatory,
           jsonb_build_object('certificateId', c.id, 'number', c.number, 'courseTitle', c.course_title,
                              'expiresAt', to_char(c.expires_at AT TIME ZONE z.tz, 'YYYY-MM-DD'),
                              'days', (c.expires_at AT TIME ZONE z.tz)::date - z.local_day) AS data
    FROM zones z JOIN swept t ON t.time_zone = z.zone
    JOIN certificate c ON c.tenant_id = t.id AND c.status = 'valid' AND c.expires_at > $4 AND c.expires_at < $4::timestamptz + interval '62 days'
    JOIN employee e ON e.tenant_id = c.tenant_id AND e.id = c.employee_id AND e.status = 'active'
    WHERE (c.expires_at AT TIME ZONE z.tz)::date - z.local_day = ANY($8::int[])`,
  // A daily digest to each supervisor of their direct reports' enrollment requests awaiting a decision.
  pendingApproval: `
    SELECT s.tenant_id, s.id AS employee_id, NULL::uuid AS enrollment_id, 'digest.pending-approval' AS kind,
           'digest.pending-approval:' || s.id || ':' || z.local_day AS dedupe_key, z.local_day, false AS mandatory,
           jsonb_build_object('count', count(*),
             'summary', array_to_string((array_agg(e.full_name || ' — ' || v.title || ' (' || to_char(en.requested_at AT TIME ZONE z.tz, 'YYYY-MM-DD') || ')'
                                         ORDER BY en.requested_at))[1:20], E'\\n')) AS data
    FROM zones z JOIN swept t ON t.time_zone = z.zone
    JOIN enrollment en ON en.tenant_id = t.id AND en.status = 'requested'
    JOIN employee e ON e.id = en.employee_id AND e.status = 'active'
    JOIN employee s ON s.tenant_id = e.tenant_id AND s.id = e.supervisor_id AND s.status = 'active'
    JOIN course co ON co.id = en.course_id
    JOIN course_version v ON v.course_id = co.id AND v.version = co.published_version
    GROUP BY s.tenant_id, s.id, z.local_day`,
  // A daily digest to every grader and training admin of the agency's answers awaiting a person, by course.
  pendingGrading: `
    SELECT t.id AS tenant_id, e.id AS employee_id, NULL::uuid AS enrollment_id, 'digest.pending-grading' AS kind,
           'digest.pending-grading:' || e.id || ':' || z.local_day AS dedupe_key, z.local_day, false AS mandatory,
           jsonb_build_object('count', p.total, 'oldestDays', z.local_day - (p.oldest AT TIME ZONE z.tz)::date, 'summary', p.summary) AS data
    FROM zones z JOIN swept t ON t.time_zone = z.zone
    CROSS JOIN LATERAL (
      SELECT sum(n)::int AS total, min(oldest) AS oldest,
             array_to_string((array_agg(title || ': ' || n ORDER BY oldest))[1:20], E'\\n') AS summary
      FROM (SELECT v.title, count(*) AS n, min(gi.created_at) AS oldest FROM grading_item gi
            JOIN enrollment en ON en.id = gi.enrollment_id
            JOIN course_version v ON v.course_id = en.course_id AND v.version = en.course_version
            WHERE gi.tenant_id = t.id AND gi.status = 'pending' GROUP BY en.course_id, v.title) per_course) p
    JOIN user_account u ON u.tenant_id = t.id AND u.disabled_at IS NULL AND u.employee_id IS NOT NULL
    JOIN employee e ON e.tenant_id = t.id AND e.id = u.employee_id AND e.status = 'active'
    WHERE p.total > 0
      AND EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.tenant_id = t.id AND r.role IN ('grader', 'training_admin'))`,
};

/**
 * The reminder sweep, hourly. Only zones whose local clock is in office hours (08–17) are swept;
 * elsewhere it is night and a later run sends. Each rule is one set-based statement: candidates →
 * `reminder_log` (primary key = dedupe key, ON CONFLICT DO NOTHING) → an outbox row
 * 'notification.requested' for the new keys only, so hourly runs enqueue each reminder once.
 * Budget: 100,000 active enrollments evaluated and enqueued in < 60 s (bench/notification-bench.ts).
 */
@Injectable()
export class ReminderSweepHandler implements JobHandler<'reminders.sweep'> {
  readonly job = 'reminders.sweep' as const;
  readonly everyMs = 3600_000;

  constructor(private readonly db: DataSource) {}

  async handle(data: JobPayloads['reminders.sweep']) {
    return sweepReminders(this.db, data.asOf ? new Date(data.asOf) : new Date(), data.tenantIds);
  }
}

/** Runs every rule once at `asOf`; answers the reminders enqueued per rule. */
export async function sweepReminders(db: DataSource, asOf: Date, tenantIds?: readonly string[]): Promise<{ asOf: string; zones: string[]; enqueued: Record<string, number>; ms: Record<string, number> }> {
  if (Number.isNaN(asOf.getTime())) throw new Error('reminders.sweep: asOf is not a date');
  const zones = zonesToSweep(asOf, AGENCY_TIME_ZONES);
  const enqueued: Record<string, number> = {};
  const ms: Record<string, number> = {};
  if (zones.length === 0) return { asOf: asOf.toISOString(), zones: [], enqueued, ms };
  const params = [
    zones.map((z) => z.zone),
    zones.map((z) => IANA_ZONE[z.zone]),
    zones.map((z) => z.localDay),
    asOf.toISOString(),
    [...REMINDER_RULES.dueDaysBefore],
    REMINDER_RULES.overdueEveryDays,
    REMINDER_RULES.inactiveDays,
    [...REMINDER_RULES.expiryDaysBefore],
    YEARLY_JP_OBLIGATION_MINUTES,
    REMINDER_RULES.jpShortfallFromMonth,
    REMINDER_RULES.jpShortfallEveryDays,
    REMINDER_RULES.jpShortfallCourses,
    tenantIds && tenantIds.length ? [...tenantIds] : null,
  ];
  for (const [name, rule] of Object.entries(RULES)) {
    const started = Date.now();
    const rows: { n: number }[] = await db.query(
      `WITH zones AS (SELECT * FROM unnest($1::text[], $2::text[], $3::date[]) AS z(zone, tz, local_day)),
            -- The agencies this run covers: all, or those named in the job.
            swept AS (SELECT * FROM tenant WHERE $13::uuid[] IS NULL OR id = ANY($13::uuid[])),
            -- Types every parameter, since some rules leave some unused.
            params AS (SELECT $4::timestamptz AS as_of, $5::int[] AS due_days, $6::int AS overdue_every, $7::int AS inactive_days,
                              $8::int[] AS expiry_days, $9::int AS jp_minutes, $10::int AS jp_month, $11::int AS jp_every, $12::int AS jp_courses),
            candidates AS MATERIALIZED (${rule}),
            logged AS (
              INSERT INTO reminder_log (tenant_id, dedupe_key, kind, employee_id, enrollment_id, local_day)
              SELECT tenant_id, dedupe_key, kind, employee_id, enrollment_id, local_day FROM candidates
              ON CONFLICT DO NOTHING RETURNING tenant_id, dedupe_key),
            queued AS (
              INSERT INTO outbox_event (tenant_id, name, payload)
              SELECT c.tenant_id, 'notification.requested',
                     jsonb_build_object('tenantId', c.tenant_id, 'employeeId', c.employee_id, 'kind', c.kind, 'data', c.data,
                                        'mandatory', c.mandatory, 'dedupeKey', c.dedupe_key)
              FROM candidates c JOIN logged l USING (tenant_id, dedupe_key)
              RETURNING 1)
       SELECT count(*)::int AS n FROM queued`,
      params,
    );
    enqueued[name] = rows[0].n;
    ms[name] = Date.now() - started;
  }
  return { asOf: asOf.toISOString(), zones: zones.map((z) => z.zone), enqueued, ms };
}
