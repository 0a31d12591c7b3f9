import { createHash } from 'node:crypto';
import type { CourseDocument, Lesson, Question } from '@mahir/course';

/** A demo course: published once, by the agency that owns it, on the national dictionary's competencies. */
export interface DemoCourse {
  slug: string;
  /** The agency that publishes it. */
  agencyCode: string;
  document: (competencyId: (code: string) => string) => CourseDocument;
}

/** A stable id from a name, so the seed stays idempotent without a natural key on courses. */
export function demoUuid(name: string): string {
  const h = createHash('sha256').update(`mahir-demo:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const choice = (id: string, prompt: string, options: [string, boolean][]): Question => ({
  id,
  kind: 'single_choice',
  prompt,
  points: 1,
  options: options.map(([text, correct], i) => ({ id: `${id}o${i + 1}`, text, correct, feedback: correct ? 'Tepat.' : null })),
  acceptedAnswers: [],
  caseSensitive: false,
  ignoreSpaces: false,
  numericAnswer: null,
  tolerance: null,
});

const text = (id: string, title: string, markdown: string, minutes = 15): Lesson => ({ id, kind: 'text', title, required: true, estimatedMinutes: minutes, markdown });
const quiz = (id: string, questionIds: string[]): Lesson => ({
  id, kind: 'quiz', title: 'Kuis akhir', required: true, estimatedMinutes: 15, questionIds, drawCount: null, shuffle: true,
  timeLimitMinutes: 20, attemptsAllowed: 3, passMark: 70,
});

function course(fields: Pick<CourseDocument, 'title' | 'summary' | 'category' | 'jpMinutes' | 'competencies' | 'visibility' | 'modules' | 'questionBank'>): CourseDocument {
  return {
    description: `## Tujuan\n\n${fields.summary}\n\n## Cara belajar\n\nBaca setiap materi, lalu kerjakan kuis akhir (nilai lulus 70).`,
    coverObjectKey: null,
    language: 'id',
    enrollmentPolicy: 'open',
    certificateTemplateId: null,
    grading: { passMark: 70, weights: [], attemptsAllowed: 3 },
    prerequisites: [],
    ...fields,
  };
}

/** Three open courses: two of Kota Manna, one of Kecamatan Gayungan. */
export const DEMO_COURSES: DemoCourse[] = [
  {
    slug: 'pelayanan-publik-prima',
    agencyCode: 'MANNA',
    document: (c) =>
      course({
        title: 'Pelayanan Publik Prima',
        summary: 'Menyusun standar pelayanan, maklumat pelayanan dan mengelola pengaduan masyarakat.',
        category: 'Pelayanan',
        jpMinutes: 2 * 45,
        // Tenant-only: a national demo course would appear in every agency's catalog, tests' included.
        visibility: 'tenant',
        competencies: [{ competencyId: c('M.5'), level: 2, validityMonths: 36 }],
        modules: [
          { id: 'm1', title: 'Standar pelayanan', lessons: [text('l1', 'Dasar hukum', 'Pelayanan publik diatur dalam **UU 25/2009**.'), text('l2', 'Maklumat pelayanan', 'Maklumat adalah janji penyelenggara kepada masyarakat.')] },
          { id: 'm2', title: 'Evaluasi', lessons: [quiz('l3', ['q1', 'q2'])] },
        ],
        questionBank: [
          choice('q1', 'Undang-undang yang mengatur pelayanan publik?', [['UU 25/2009', true], ['UU 5/2014', false], ['UU 23/2014', false]]),
          choice('q2', 'Maklumat pelayanan adalah…', [['janji penyelenggara kepada masyarakat', true], ['daftar harga layanan', false]]),
        ],
      }),
  },
  {
    slug: 'integritas-asn',
    agencyCode: 'MANNA',
    document: (c) =>
      course({
        title: 'Etika dan Integritas ASN',
        summary: 'Kode etik, konflik kepentingan dan gratifikasi dalam tugas sehari-hari.',
        category: 'Integritas',
        jpMinutes: 45,
        visibility: 'tenant',
        competencies: [{ competencyId: c('M.1'), level: 2, validityMonths: null }],
        modules: [
          { id: 'm1', title: 'Materi', lessons: [text('l1', 'Konflik kepentingan', 'Kenali dan laporkan konflik kepentingan.'), quiz('l2', ['q1'])] },
        ],
        questionBank: [choice('q1', 'Hadiah dari pihak yang berurusan dengan jabatan Anda sebaiknya…', [['ditolak atau dilaporkan', true], ['diterima diam-diam', false]])],
      }),
  },
  {
    slug: 'komunikasi-efektif',
    agencyCode: 'GAYUNGAN',
    document: (c) =>
      course({
        title: 'Komunikasi Efektif di Kantor Kecamatan',
        summary: 'Menyampaikan informasi layanan dengan jelas kepada warga dan rekan kerja.',
        category: 'Komunikasi',
        jpMinutes: 45,
        visibility: 'tenant',
        competencies: [{ competencyId: c('M.3'), level: 1, validityMonths: null }],
        modules: [
          { id: 'm1', title: 'Materi', lessons: [text('l1', 'Mendengar aktif', 'Dengarkan sampai selesai, lalu ulangi inti pesan.'), quiz('l2', ['q1'])] },
        ],
        questionBank: [choice('q1', 'Langkah pertama mendengar aktif?', [['mendengarkan sampai selesai', true], ['langsung menjawab', false]])],
      }),
  },
];
