import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rubricMaximum, rubricProblems, type CourseDocument, type RubricCriterion } from '@mahir/course';
import { AuditService } from '../../platform';
import { tenantOf, type Actor } from '../../platform';
import { Problem } from '../../platform';

/**
 * Rubrics of essay questions, kept per agency beside the immutable published versions (keyed by
 * course and question id), so they can be written or improved after publishing. Grades keep the
 * points of the levels selected, so a later edit never changes a grade already given.
 */
@Injectable()
export class RubricsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(actor: Actor, courseId: string, questionId: string) {
    const tenantId = tenantOf(actor);
    const maxPoints = await this.essayPoints(tenantId, courseId, questionId);
    const [row] = await this.db.query(`SELECT criteria, max_points, updated_at FROM grading_rubric WHERE tenant_id = $1 AND course_id = $2 AND question_id = $3`, [
      tenantId,
      courseId,
      questionId,
    ]);
    return { courseId, questionId, questionPoints: maxPoints, criteria: row?.criteria ?? [], maxPoints: row ? Number(row.max_points) : 0, updatedAt: row?.updated_at ?? null };
  }

  async put(actor: Actor, courseId: string, questionId: string, criteria: RubricCriterion[]) {
    const tenantId = tenantOf(actor);
    const questionPoints = await this.essayPoints(tenantId, courseId, questionId);
    const problems = rubricProblems(criteria, questionPoints);
    if (problems.length) throw new Problem(422, 'request.validation', {}, problems.map((p) => ({ field: p.path, rule: p.rule, key: p.rule, params: { max: questionPoints } })));
    const clean = criteria.map((c) => ({ id: c.id, title: c.title.trim(), levels: c.levels.map((l) => ({ id: l.id, title: l.title.trim(), points: l.points })) }));
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO grading_rubric (tenant_id, course_id, question_id, criteria, max_points, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, course_id, question_id) DO UPDATE SET criteria = excluded.criteria, max_points = excluded.max_points,
           updated_by = excluded.updated_by, updated_at = now()`,
        [tenantId, courseId, questionId, JSON.stringify(clean), rubricMaximum(clean), actor.userId],
      );
      await this.audit.record(tx, { tenantId, userId: actor.userId }, 'grading.rubricSaved', 'course', courseId, { questionId, criteria: clean });
    });
    return this.get(actor, courseId, questionId);
  }

  /** The essay's points in the latest published version of a course the agency may use (its own, or national); else 404. */
  private async essayPoints(tenantId: string, courseId: string, questionId: string): Promise<number> {
    const [row]: { document: CourseDocument }[] = await this.db.query(
      `SELECT v.document FROM course c JOIN course_version v ON v.course_id = c.id AND v.version = c.published_version
       LEFT JOIN course_catalog k ON k.course_id = c.id
       WHERE c.id = $2 AND (c.tenant_id = $1 OR k.visibility = 'national')`,
      [tenantId, courseId],
    );
    if (!row) throw Problem.notFound('grading.courseNotFound');
    // An assignment lesson's rubric is keyed `assignment:<lessonId>` (grading.service assignmentRubricKey); its maximum is the lesson's.
    if (questionId.startsWith('assignment:')) {
      const lesson = row.document.modules.flatMap((m) => m.lessons).find((l) => `assignment:${l.id}` === questionId);
      if (lesson?.kind !== 'assignment') throw Problem.notFound('grading.questionNotFound', { questionId });
      return lesson.maxPoints;
    }
    const question = row.document.questionBank.find((q) => q.id === questionId);
    if (!question || question.kind !== 'essay') throw Problem.notFound('grading.questionNotFound', { questionId });
    return question.points;
  }
}
