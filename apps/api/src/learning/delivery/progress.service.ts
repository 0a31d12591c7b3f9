import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Lesson } from '@mahir/course';
import { writeOutboxEvent } from '@mahir/persistence';
import type { Actor } from '../../platform';
import { Problem } from '../../platform';
import type { FieldError } from '../../platform';
import type { ProgressEventDto } from './dto/progress.dto';
import { lessonsOf, PinnedEnrollments } from './pinned-enrollments';

/** One lesson's share of a batch: the applied events folded together. */
interface LessonDelta {
  lessonId: string;
  seconds: number;
  position: number | null;
  percent: number;
  /** The events say it is finished and the lesson's kind lets them (text, document). */
  flagged: boolean;
  /** Video: completed once the furthest percent reaches this. */
  threshold: number | null;
}

export interface LessonState {
  lessonId: string;
  completed: boolean;
  completedAt: Date | null;
  percent: number;
  position: number | null;
  secondsSpent: number;
}

/** Folds the applied events per lesson, in the order sent: seconds add up, the last position wins, the furthest percent counts. */
function deltas(events: readonly ProgressEventDto[], lessons: Map<string, Lesson>): LessonDelta[] {
  const out = new Map<string, LessonDelta>();
  for (const event of events) {
    const lesson = lessons.get(event.lessonId) as Lesson;
    const d = out.get(lesson.id) ?? {
      lessonId: lesson.id, seconds: 0, position: null, percent: 0, flagged: false, threshold: lesson.kind === 'video' ? lesson.completionThreshold : null,
    };
    d.seconds += event.secondsSpent ?? 0;
    if (event.position !== undefined) d.position = Math.round(event.position * 10) / 10;
    if (event.percent !== undefined) d.percent = Math.max(d.percent, Math.floor(event.percent));
    // A client's word finishes reading matter only; a video counts by how far it was watched, graded lessons by their grade.
    if (event.completed === true && (lesson.kind === 'text' || lesson.kind === 'document')) {
      d.flagged = true;
      d.percent = 100;
    }
    out.set(lesson.id, d);
  }
  return [...out.values()];
}

/**
 * Progress ingest, the hot path of delivery (budget ≥ 5,000 events/s): a batch is one transaction of
 * five statements whatever its size (lock the enrollment, record event ids, one upsert for all
 * lessons, the outbox, read back), plain SQL over unnest'ed arrays rather than a row per round trip.
 */
@Injectable()
export class ProgressService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly enrollments: PinnedEnrollments,
  ) {}

  async record(actor: Actor, enrollmentId: string, events: ProgressEventDto[]) {
    return this.db.transaction(async (tx) => {
      const enrollment = await this.enrollments.load(tx, actor, enrollmentId, ['active'], true);
      const lessons = lessonsOf(enrollment.document);
      const errors: FieldError[] = events.flatMap((e, i) =>
        lessons.has(e.lessonId) ? [] : [{ field: `events.${i}.lessonId`, rule: 'lessonNotInCourse', key: 'delivery.lessonNotInCourse' as const, params: { lessonId: e.lessonId } }],
      );
      if (errors.length) throw new Problem(422, 'delivery.lessonNotInCourse', { field: errors[0].field, lessonId: String(errors[0].params?.lessonId) }, errors);

      // The same id twice in one batch, or already applied by an earlier (or concurrent) request, counts once.
      const applied = new Set<string>(
        (
          await tx.query(
            `INSERT INTO progress_event (id, enrollment_id) SELECT DISTINCT unnest($1::uuid[]), $2::uuid ON CONFLICT (id) DO NOTHING RETURNING id`,
            [events.map((e) => e.id), enrollment.id],
          )
        ).map((r: { id: string }) => r.id),
      );
      const fresh: ProgressEventDto[] = [];
      const taken = new Set<string>();
      for (const e of events) {
        const id = e.id.toLowerCase();
        if (applied.has(id) && !taken.has(id)) {
          fresh.push(e);
          taken.add(id);
        }
      }

      const changes = deltas(fresh, lessons);
      let newlyCompleted: string[] = [];
      if (changes.length) {
        newlyCompleted = (
          await tx.query(
            `WITH input AS (
               SELECT * FROM unnest($3::text[], $4::int[], $5::numeric[], $6::smallint[], $7::boolean[], $8::smallint[])
                 AS u(lesson_id, seconds, position, percent, flagged, threshold)
             ), before AS (
               SELECT lesson_id, completed_at FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id IN (SELECT lesson_id FROM input)
             ), after AS (
               INSERT INTO lesson_progress AS p (enrollment_id, lesson_id, tenant_id, started_at, seconds_spent, position, percent, completed_at, updated_at)
               SELECT $1, i.lesson_id, $2, now(), i.seconds, i.position, i.percent,
                      CASE WHEN i.flagged OR i.percent >= i.threshold THEN now() END, now()
               FROM input i
               ON CONFLICT (enrollment_id, lesson_id) DO UPDATE SET
                 seconds_spent = least(p.seconds_spent::bigint + EXCLUDED.seconds_spent, 2147483647)::int,
                 position = coalesce(EXCLUDED.position, p.position),
                 percent = greatest(p.percent, EXCLUDED.percent),
                 completed_at = coalesce(p.completed_at, EXCLUDED.completed_at,
                   CASE WHEN greatest(p.percent, EXCLUDED.percent) >= (SELECT threshold FROM input WHERE input.lesson_id = EXCLUDED.lesson_id) THEN now() END),
                 updated_at = now()
               RETURNING p.lesson_id, p.completed_at
             )
             SELECT after.lesson_id FROM after LEFT JOIN before USING (lesson_id) WHERE after.completed_at IS NOT NULL AND before.completed_at IS NULL`,
            [
              enrollment.id, enrollment.tenantId,
              changes.map((c) => c.lessonId), changes.map((c) => c.seconds), changes.map((c) => c.position),
              changes.map((c) => c.percent), changes.map((c) => c.flagged), changes.map((c) => c.threshold),
            ],
          )
        ).map((r: { lesson_id: string }) => r.lesson_id);
      }
      await tx.query(`UPDATE enrollment SET last_activity_at = now(), updated_at = now() WHERE id = $1`, [enrollment.id]);
      // One event per request however many lessons it finished: the completion handler re-evaluates everything anyway.
      if (newlyCompleted.length) await writeOutboxEvent(tx, 'enrollment.progressed', enrollment.tenantId, { tenantId: enrollment.tenantId, enrollmentId: enrollment.id });

      const named = [...new Set(events.map((e) => e.lessonId))];
      const rows = await tx.query(
        `SELECT lesson_id, completed_at, percent, position, seconds_spent FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id = ANY($2::text[])`,
        [enrollment.id, named],
      );
      const states = new Map<string, LessonState>(rows.map((r: Record<string, unknown>) => [r.lesson_id, lessonState(r)]));
      return {
        applied: fresh.length,
        duplicates: events.length - fresh.length,
        newlyCompleted,
        lessons: named.map((lessonId) => states.get(lessonId) ?? emptyState(lessonId)),
      };
    });
  }
}

/** A lesson_progress row as the API shows it. */
export function lessonState(r: Record<string, unknown>): LessonState {
  return {
    lessonId: r.lesson_id as string,
    completed: r.completed_at !== null,
    completedAt: (r.completed_at as Date | null) ?? null,
    percent: Number(r.percent),
    position: r.position === null ? null : Number(r.position),
    secondsSpent: Number(r.seconds_spent),
  };
}

export const emptyState = (lessonId: string): LessonState => ({ lessonId, completed: false, completedAt: null, percent: 0, position: null, secondsSpent: 0 });
