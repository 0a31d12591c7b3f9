import type { ChoiceOption, CourseDocument, Question } from '../course-document';

const option = (id: string, text: string, correct: boolean, feedback: string | null = null): ChoiceOption => ({ id, text, correct, feedback });

const question = (fields: Partial<Question> & Pick<Question, 'id' | 'kind' | 'prompt'>): Question => ({
  points: 1,
  options: [],
  acceptedAnswers: [],
  caseSensitive: false,
  ignoreSpaces: true,
  numericAnswer: null,
  tolerance: null,
  ...fields,
});

/**
 * A complete, publishable course using every lesson and question kind (a fresh copy each call):
 * m1 = [l1 text, l2 video link, l3 document], m2 = [l4 quiz over q1–q6, l5 assignment], weights l4: 60, l5: 40.
 */
export function sampleCourseDocument(): CourseDocument {
  return {
    title: 'Pelayanan Publik Prima',
    summary: 'Standar pelayanan, maklumat pelayanan dan pengelolaan pengaduan.',
    description: '## Tujuan\n\nPeserta mampu menyusun **standar pelayanan** unit kerjanya.',
    coverObjectKey: 'covers/6f1c2a0e-cover.png',
    category: 'Pelayanan Publik',
    language: 'id',
    jpMinutes: 180,
    competencies: [
      { competencyId: '7b0a4c52-3d7e-4f7a-9d55-0c6f7a3b2e11', level: 2, validityMonths: 36 },
      { competencyId: 'c1d2e3f4-0000-4000-8000-000000000002', level: 1, validityMonths: null },
    ],
    enrollmentPolicy: 'open',
    visibility: 'national',
    certificateTemplateId: '0e8f9d7c-1111-4222-8333-444455556666',
    grading: { passMark: 70, weights: [{ lessonId: 'l4', weight: 60 }, { lessonId: 'l5', weight: 40 }], attemptsAllowed: 3 },
    prerequisites: ['a3e4b5c6-7777-4888-9999-aaaabbbbcccc'],
    modules: [
      {
        id: 'm1',
        title: 'Dasar pelayanan publik',
        lessons: [
          { id: 'l1', kind: 'text', title: 'Pengantar', required: true, estimatedMinutes: 10, markdown: 'UU 25/2009 tentang Pelayanan Publik.' },
          {
            id: 'l2',
            kind: 'video',
            title: 'Maklumat pelayanan',
            required: true,
            estimatedMinutes: 15,
            objectKey: null,
            url: 'https://video.example.go.id/maklumat',
            completionThreshold: 90,
          },
          { id: 'l3', kind: 'document', title: 'PermenPANRB 15/2014', required: false, estimatedMinutes: 30, objectKey: 'docs/permenpanrb-15-2014.pdf' },
        ],
      },
      {
        id: 'm2',
        title: 'Evaluasi',
        lessons: [
          {
            id: 'l4',
            kind: 'quiz',
            title: 'Kuis akhir',
            required: true,
            estimatedMinutes: 20,
            questionIds: ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'],
            drawCount: 5,
            shuffle: true,
            timeLimitMinutes: 30,
            attemptsAllowed: 2,
            passMark: 60,
          },
          {
            id: 'l5',
            kind: 'assignment',
            title: 'Susun standar pelayanan unit Anda',
            required: true,
            estimatedMinutes: 60,
            instructions: 'Unggah standar pelayanan unit kerja Anda (PDF).',
            maxPoints: 100,
          },
        ],
      },
    ],
    questionBank: [
      question({
        id: 'q1',
        kind: 'single_choice',
        prompt: 'Undang-undang tentang pelayanan publik adalah…',
        options: [option('o1', 'UU 25/2009', true, 'Benar.'), option('o2', 'UU 5/2014', false, 'Itu UU ASN.'), option('o3', 'UU 30/2014', false)],
      }),
      question({
        id: 'q2',
        kind: 'multiple_choice',
        prompt: 'Komponen standar pelayanan (pilih semua yang benar):',
        points: 2,
        options: [option('o1', 'Persyaratan', true), option('o2', 'Biaya/tarif', true), option('o3', 'Warna seragam', false)],
      }),
      question({ id: 'q3', kind: 'true_false', prompt: 'Maklumat pelayanan wajib dipublikasikan.', options: [option('t', 'Benar', true), option('f', 'Salah', false)] }),
      question({ id: 'q4', kind: 'short_answer', prompt: 'Singkatan dari SP?', acceptedAnswers: ['standar pelayanan'] }),
      question({ id: 'q5', kind: 'numeric', prompt: 'Berapa hari batas waktu tindak lanjut pengaduan (UU 25/2009)?', numericAnswer: 60, tolerance: 0 }),
      question({ id: 'q6', kind: 'essay', prompt: 'Jelaskan cara unit Anda mengelola pengaduan.', points: 5 }),
    ],
  };
}
