import type { EntityManager } from 'typeorm';
import { correctedQuestionBank, type AnswerKey, type Question } from '@mahir/course';

/**
 * The question bank a version's attempts are graded against: the published document's bank with the
 * latest answer-key correction of each question applied (answer_key_correction, highest seq wins).
 * The one source of keys for the automatic grader and the re-grade job, so they never disagree.
 */
export async function correctedBank(tx: EntityManager, courseId: string, version: number, bank: readonly Question[]): Promise<Question[]> {
  const rows: { question_id: string; key: AnswerKey }[] = await tx.query(
    `SELECT DISTINCT ON (question_id) question_id, key FROM answer_key_correction
     WHERE course_id = $1 AND version = $2 ORDER BY question_id, seq DESC`,
    [courseId, version],
  );
  return correctedQuestionBank(bank, new Map(rows.map((r) => [r.question_id, r.key])));
}
