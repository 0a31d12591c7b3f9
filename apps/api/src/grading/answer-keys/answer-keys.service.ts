import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { answerKeyProblems, normalizeAnswerKey, type AnswerKey, type CourseDocument } from '@mahir/course';
import { writeOutboxEvent } from '@mahir/persistence';
import { AuditService } from '../../platform';
import { tenantOf, type Actor } from '../../platform';
import { Problem } from '../../platform';
import type { PutAnswerKeyDto } from './dto/answer-key.dto';

/**
 * Answer-key corrections of published versions. A version never changes (course_version refuses
 * updates), so a corrected key is a record beside it (answer_key_correction, the latest per question
 * wins); the worker re-grades the attempts it affects ('answer-key.corrected', answer-key-corrected.handler).
 */
@Injectable()
export class AnswerKeysService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async put(actor: Actor, courseId: string, version: number, questionId: string, dto: PutAnswerKeyDto) {
    const tenantId = tenantOf(actor);
    // Only the owning agency corrects its course; any other answer is 404 (never leak other agencies' courses).
    const [row]: { document: CourseDocument }[] = await this.db.query(
      `SELECT v.document FROM course c JOIN course_version v ON v.course_id = c.id AND v.version = $3 WHERE c.id = $2 AND c.tenant_id = $1`,
      [tenantId, courseId, version],
    );
    if (!row) throw Problem.notFound('answerKey.versionNotFound', { version });
    const question = row.document.questionBank.find((q) => q.id === questionId);
    if (!question) throw Problem.notFound('answerKey.questionNotFound', { questionId });
    const { reason, ...fields } = dto;
    const given: AnswerKey = fields;
    const problems = answerKeyProblems(question, given);
    if (problems.length) {
      const first = problems[0];
      throw new Problem(422, `answerKey.${first.rule}`, { field: first.field }, problems.map((p) => ({ field: p.field, rule: p.rule, key: `answerKey.${p.rule}` as const })));
    }
    const key = normalizeAnswerKey(question, given);
    const saved = await this.db.transaction(async (tx) => {
      const [correction]: { id: string; created_at: Date }[] = await tx.query(
        `INSERT INTO answer_key_correction (tenant_id, course_id, version, question_id, key, reason, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
        [tenantId, courseId, version, questionId, JSON.stringify(key), reason.trim(), actor.userId],
      );
      await this.audit.record(tx, { tenantId, userId: actor.userId }, 'answerKey.corrected', 'course', courseId, { version, questionId, kind: question.kind, key, reason: reason.trim() });
      await writeOutboxEvent(tx, 'answer-key.corrected', tenantId, { tenantId, courseId, version, questionId });
      return correction;
    });
    return { id: saved.id, courseId, version, questionId, kind: question.kind, key, reason: reason.trim(), createdAt: saved.created_at };
  }
}
