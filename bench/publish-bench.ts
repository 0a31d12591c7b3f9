import type { DataSource } from 'typeorm';
import { emptyCourseDocument, type CourseDocument, type Lesson, type Question } from '@mahir/course';
import { percentile, report, round } from './harness';

const MODULES = 20;
const LESSONS_PER_MODULE = 10;

/** A publishable course of 20 modules × 10 lessons: text lessons and one quiz of five questions per module. */
function largeCourse(competencyId: string, n: number): CourseDocument {
  const questionBank: Question[] = [];
  const modules = Array.from({ length: MODULES }, (_, m) => {
    const lessons: Lesson[] = Array.from({ length: LESSONS_PER_MODULE - 1 }, (_, l) => ({
      id: `m${m}-l${l}`,
      title: `Pelajaran ${m + 1}.${l + 1}: pelayanan publik yang responsif`,
      kind: 'text',
      required: true,
      estimatedMinutes: 15,
      markdown: `## Tujuan\n\nPeserta memahami standar pelayanan **${m + 1}.${l + 1}** dan menerapkannya di unit kerja.\n\n- Kenali kebutuhan masyarakat\n- Ukur waktu layanan\n`,
    }));
    const ids = Array.from({ length: 5 }, (_, q) => `m${m}-q${q}`);
    for (const id of ids) {
      questionBank.push({
        id, kind: 'single_choice', prompt: `Soal ${id}: manakah yang termasuk standar pelayanan?`, points: 2,
        options: [
          { id: 'a', text: 'Waktu penyelesaian yang jelas', correct: true, feedback: null },
          { id: 'b', text: 'Tidak ada prosedur', correct: false, feedback: 'Standar pelayanan memuat prosedur.' },
          { id: 'c', text: 'Biaya yang dirahasiakan', correct: false, feedback: null },
        ],
        acceptedAnswers: [], caseSensitive: false, ignoreSpaces: true, numericAnswer: null, tolerance: null,
      });
    }
    lessons.push({ id: `m${m}-quiz`, title: `Kuis modul ${m + 1}`, kind: 'quiz', required: true, estimatedMinutes: 10, questionIds: ids, drawCount: null, shuffle: true, timeLimitMinutes: 15, attemptsAllowed: 3, passMark: 60 });
    return { id: `m${m}`, title: `Modul ${m + 1}`, lessons };
  });
  return {
    ...emptyCourseDocument(`Pelayanan Publik Prima ${n}`),
    summary: 'Kursus besar untuk mengukur penerbitan.',
    description: 'Kursus 20 modul × 10 pelajaran.',
    jpMinutes: 40 * 45,
    competencies: [{ competencyId, level: 3, validityMonths: 36 }],
    modules,
    questionBank,
  };
}

/**
 * Publishing a course of 20 modules × 10 lessons through the API, as a training admin:
 * save the draft, submit (every check runs), publish (checks again, freeze the version,
 * refresh the catalog). Ten courses, one after another.
 */
export async function benchPublish(db: DataSource, base: string, login: (identifier: string) => Promise<string>, trainerEmail: string) {
  const token = await login(trainerEmail);
  const [competency] = await db.query(`SELECT id FROM competency WHERE tenant_id IS NULL AND code = 'M.5'`);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return res.json() as Promise<{ id: string }>;
  };
  const publishMs: number[] = [];
  const totalMs: number[] = [];
  let bytes = 0;
  for (let n = 0; n < 10; n++) {
    const doc = largeCourse(competency.id, n);
    bytes = JSON.stringify(doc).length;
    const started = process.hrtime.bigint();
    const { id } = await call('POST', '/courses', { title: doc.title });
    await call('PUT', `/courses/${id}/draft`, { revision: 1, document: doc });
    await call('POST', `/courses/${id}/submit`);
    const t0 = process.hrtime.bigint();
    await call('POST', `/courses/${id}/publish`);
    const done = process.hrtime.bigint();
    publishMs.push(Number(done - t0) / 1e6);
    totalMs.push(Number(done - started) / 1e6);
  }
  console.log(`  course document: ${MODULES} modules × ${LESSONS_PER_MODULE} lessons, ${MODULES * 5} questions, ${round(bytes / 1024)} KiB`);
  publishMs.sort((a, b) => a - b);
  totalMs.sort((a, b) => a - b);
  report({ name: 'publish_course_20x10_p50', value: round(percentile(publishMs, 50)), unit: 'ms' });
  report({ name: 'author_course_20x10_p50', value: round(percentile(totalMs, 50)), unit: 'ms', note: 'create + save draft + submit + publish' });
}
