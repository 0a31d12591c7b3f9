import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryRepository, type LessonDeltaRow as LessonDelta, type ProgressRow } from './delivery.repository';
import type { Lesson } from '@mahir/course';
import { writeOutboxEvent } from '@mahir/persistence';
import type { Actor } from '../../platform';
import { Problem } from '../../platform';
import type { FieldError } from '../../platform';
import type { ProgressEventDto } from './dto/progress.dto';
import { lessonsOf, PinnedEnrollments } from './pinned-enrollments';

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
    private readonly delivery: DeliveryRepository,
    private readonly enrollments: PinnedEnrollments,
  ) {}

  async record(actor: Actor, enrollmentId: string, events: ProgressEventDto[]) {
    return this.db.transaction(async (tx) => {
      const enrollment = await this.enrollments.load(actor, enrollmentId, ['active'], true, tx);
      const lessons = lessonsOf(enrollment.document);
      const errors: FieldError[] = events.flatMap((e, i) =>
        lessons.has(e.lessonId) ? [] : [{ field: `events.${i}.lessonId`, rule: 'lessonNotInCourse', key: 'delivery.lessonNotInCourse' as const, params: { lessonId: e.lessonId } }],
      );
      if (errors.length) throw new Problem(422, 'delivery.lessonNotInCourse', { field: errors[0].field, lessonId: String(errors[0].params?.lessonId) }, errors);

      // The same id twice in one batch, or already applied by an earlier (or concurrent) request, counts once.
      const applied = new Set<string>(await this.delivery.recordEvents(enrollment.id, events.map((e) => e.id), tx));
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
        newlyCompleted = await this.delivery.applyProgress(enrollment.id, enrollment.tenantId, changes, tx);
      }
      await this.delivery.touchEnrollment(enrollment.id, tx);
      // One event per request however many lessons it finished: the completion handler re-evaluates everything anyway.
      if (newlyCompleted.length) await writeOutboxEvent(tx, 'enrollment.progressed', enrollment.tenantId, { tenantId: enrollment.tenantId, enrollmentId: enrollment.id });

      const named = [...new Set(events.map((e) => e.lessonId))];
      const rows = await this.delivery.progressOf(enrollment.id, named, tx);
      const states = new Map<string, LessonState>(rows.map((r) => [r.lessonId, lessonState(r)]));
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
export function lessonState(r: Omit<ProgressRow, 'updatedAt'>): LessonState {
  return {
    lessonId: r.lessonId,
    completed: r.completedAt !== null,
    completedAt: r.completedAt ?? null,
    percent: Number(r.percent),
    position: r.position === null ? null : Number(r.position),
    secondsSpent: Number(r.secondsSpent),
  };
}

export const emptyState = (lessonId: string): LessonState => ({ lessonId, completed: false, completedAt: null, percent: 0, position: null, secondsSpent: 0 });
