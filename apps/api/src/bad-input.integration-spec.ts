import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import type { DataSource } from 'typeorm';
import { emptyCourseDocument } from '@mahir/course';
import { appendLedgerEntry } from '@mahir/persistence';
import { insertCertificate, insertTemplate } from './certification/certificates/certificate-fixtures';
import { deliveryFixtures } from './test-support/delivery-fixtures';
import { enrollmentFixtures } from './test-support/enrollment-helpers';
import { insertGradingItem } from './test-support/grading-fixtures';
import { csvOf, expectProblem, freshNip, tenantSnapshot } from './test-support/org-helpers';
import { TEST_PASSWORD, bearer, createAgency, createSuperAdmin, signIn, startTestApp, type Agency, type TestApp } from './test-support/test-app';

/**
 * Invariant 6: bad input gets a clear 4xx (application/problem+json naming the field and
 * the rule), never a 500 and never a partial write. Every write route of the OpenAPI
 * document must have a row in ROUTES; a new route without one fails the first test.
 */

/** Small limits keep the oversized bodies small; the limits themselves are the feature under test. */
const BODY_LIMIT = 4096;
const IMPORT_LIMIT = 8192;
const EVIDENCE_LIMIT = 2048;
const TENANT_MARK = 'BADIN';

interface Ctx {
  agency: Agency;
  tokens: { admin: string; trainer: string; learner: string; super: string };
  refreshToken: string;
  /** An employee without a login, for POST /users. */
  loginless: string;
  /** A ledger entry of `loginless` to revoke or adjust, and a prior-learning claim of the learner to decide. */
  entryId: string;
  claimId: string;
  /** A course draft of the agency, for the authoring routes. */
  courseId: string;
  /** A published open course, and the learner's request awaiting approval (enrollment routes). */
  publishedCourseId: string;
  requestId: string;
  /** An active enrollment of the learner and an open quiz attempt in it (delivery routes). */
  enrollmentId: string;
  attemptId: string;
  /** An essay awaiting a grade, and its course (grading routes). */
  grading: { itemId: string; courseId: string };
  /** A valid certificate of the learner, to revoke or check a file against (certificate routes). */
  certificate: { id: string; code: string };
  /** A certificate template of the agency (template routes). */
  templateId: string;
}

/** The ledger rows the correction and decision routes act on, in one agency. */
async function ledgerFixtures(db: DataSource, agency: Agency): Promise<Pick<Ctx, 'entryId' | 'claimId' | 'courseId'>> {
  const { entry } = await db.transaction((tx) =>
    appendLedgerEntry(tx, {
      tenantId: agency.id, employeeId: agency.teamMemberId, competencyId: agency.competencyId, level: 2, source: 'manual',
      sourceRef: `BUKTI-${randomUUID()}`, occurredAt: new Date('2025-01-06T09:00:00+07:00'), recordedBy: null,
    }),
  );
  const [claim] = await db.query(
    `INSERT INTO prior_learning (tenant_id, employee_id, competency_id, level, occurred_at, description) VALUES ($1, $2, $3, 2, '2025-01-06', 'Diklat') RETURNING id`,
    [agency.id, agency.people.learner.employeeId, agency.competencyId],
  );
  const [course] = await db.query(`INSERT INTO course (tenant_id, draft_state) VALUES ($1, 'editing') RETURNING id`, [agency.id]);
  await db.query(`INSERT INTO course_draft (course_id, tenant_id, document) VALUES ($1, $2, $3)`, [course.id, agency.id, JSON.stringify(emptyCourseDocument('Kursus Uji'))]);
  return { entryId: entry.id, claimId: claim.id, courseId: course.id };
}

type Body = Record<string, unknown>;

interface RouteCase {
  /** Who calls: a tenant admin, a learner (routes for anyone signed in), a super admin, or nobody. */
  as: 'admin' | 'trainer' | 'learner' | 'super' | 'anonymous';
  path: (c: Ctx) => string;
  body: 'json' | 'csv' | 'multipart' | 'none';
  /** A body the route would accept, so each test breaks exactly one thing. */
  valid?: (c: Ctx) => Body;
  /** The fields the DTO requires (checked against the OpenAPI schema too). */
  required?: string[];
  /** [field, wrong value, rule expected] */
  wrongTypes?: [string, unknown, string][];
}

/** The asset-completion route has no body: an id of nothing serves its row. */
const ASSET_ID = '00000000-0000-4000-8000-0000000000a7';

const ROUTES: Record<string, RouteCase> = {
  'POST /api/v1/auth/login': {
    as: 'anonymous',
    path: () => '/api/v1/auth/login',
    body: 'json',
    valid: (c) => ({ identifier: c.agency.people.grader.email, password: TEST_PASSWORD }),
    required: ['identifier', 'password'],
    wrongTypes: [
      ['identifier', Number('198503152010011001'), 'isString'],
      ['password', ['x'], 'isString'],
      ['identifier', { $ne: null }, 'isString'],
    ],
  },
  'POST /api/v1/auth/refresh': {
    as: 'anonymous',
    path: () => '/api/v1/auth/refresh',
    body: 'json',
    valid: (c) => ({ refreshToken: c.refreshToken }),
    required: ['refreshToken'],
    wrongTypes: [
      ['refreshToken', 5, 'isString'],
      ['refreshToken', ['a'], 'isString'],
    ],
  },
  'POST /api/v1/auth/logout': {
    as: 'learner',
    path: () => '/api/v1/auth/logout',
    body: 'json',
    valid: (c) => ({ refreshToken: c.refreshToken }),
    required: ['refreshToken'],
    wrongTypes: [['refreshToken', true, 'isString']],
  },
  'POST /api/v1/auth/password': {
    as: 'learner',
    path: () => '/api/v1/auth/password',
    body: 'json',
    valid: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'Sandi Baru 2026' }),
    required: ['currentPassword', 'newPassword'],
    wrongTypes: [
      ['currentPassword', 12345678901, 'isString'],
      ['newPassword', ['Sandi Baru 2026'], 'isString'],
    ],
  },
  'POST /api/v1/tenants': {
    as: 'super',
    path: () => '/api/v1/tenants',
    body: 'json',
    valid: () => ({ code: `${TENANT_MARK}_${randomUUID().slice(0, 8).toUpperCase()}`, name: 'Kota Uji', timeZone: 'WIB' }),
    required: ['code', 'name', 'timeZone'],
    wrongTypes: [
      ['code', 5, 'isString'],
      ['name', ['Kota'], 'isString'],
      ['timeZone', 7, 'isIn'],
      ['shortName', 5, 'isString'],
    ],
  },
  'PATCH /api/v1/tenants/current': {
    as: 'admin',
    path: () => '/api/v1/tenants/current',
    body: 'json',
    valid: () => ({ name: 'Nama Baru' }),
    required: [],
    wrongTypes: [
      ['name', 5, 'isString'],
      ['timeZone', true, 'isIn'],
      ['code', ['X'], 'isString'],
      ['name', null, 'required'],
      ['mailFromAddress', 'bukan-alamat', 'isEmail'],
      ['mailFromName', 'x'.repeat(101), 'maxLength'],
    ],
  },
  'POST /api/v1/units': {
    as: 'admin',
    path: () => '/api/v1/units',
    body: 'json',
    valid: (c) => ({ code: 'UNIT_BARU', name: 'Unit Baru', parentId: c.agency.units.root }),
    required: ['code', 'name'],
    wrongTypes: [
      ['code', 5, 'isString'],
      ['name', ['Unit'], 'isString'],
      ['parentId', true, 'isUuid'],
      ['parentId', 'SETDA', 'isUuid'],
    ],
  },
  'PATCH /api/v1/units/{id}': {
    as: 'admin',
    path: (c) => `/api/v1/units/${c.agency.units.other}`,
    body: 'json',
    valid: () => ({ name: 'Nama Baru' }),
    required: [],
    wrongTypes: [
      ['name', 5, 'isString'],
      ['code', ['DISHUB'], 'isString'],
      ['parentId', 5, 'isUuid'],
      ['name', null, 'required'],
    ],
  },
  'DELETE /api/v1/units/{id}': {
    as: 'admin',
    path: (c) => `/api/v1/units/${c.agency.units.child}`,
    body: 'none',
  },
  'POST /api/v1/positions': {
    as: 'admin',
    path: () => '/api/v1/positions',
    body: 'json',
    valid: () => ({ code: 'JAB_BARU', name: 'Jabatan Baru', positionClass: 'pengawas' }),
    required: ['code', 'name', 'positionClass'],
    wrongTypes: [
      ['code', 5, 'isString'],
      ['name', { a: 1 }, 'isString'],
      ['positionClass', 5, 'isIn'],
      ['positionClass', ['pengawas'], 'isIn'],
    ],
  },
  'PATCH /api/v1/positions/{id}': {
    as: 'admin',
    path: (c) => `/api/v1/positions/${c.agency.positions.staff}`,
    body: 'json',
    valid: () => ({ name: 'Nama Baru' }),
    required: [],
    wrongTypes: [
      ['name', 5, 'isString'],
      ['positionClass', true, 'isIn'],
      ['positionClass', null, 'required'],
    ],
  },
  'POST /api/v1/employees': {
    as: 'admin',
    path: () => '/api/v1/employees',
    body: 'json',
    valid: (c) => ({ nip: freshNip(), fullName: 'Pegawai Baru', email: 'pegawai.baru@uji.go.id', unitId: c.agency.units.other, positionId: c.agency.positions.staff }),
    required: ['nip', 'fullName', 'email', 'unitId', 'positionId'],
    wrongTypes: [
      ['nip', Number('198503152010011001'), 'nip.format'], // a NIP sent as a JSON number
      ['fullName', 5, 'isString'],
      ['email', 5, 'isEmail'],
      ['unitId', 5, 'isUuid'],
      ['positionId', ['x'], 'isUuid'],
      ['supervisorId', true, 'isUuid'],
      ['startDate', 20240101, 'isDateString'],
    ],
  },
  'PATCH /api/v1/employees/{id}': {
    as: 'admin',
    path: (c) => `/api/v1/employees/${c.agency.teamMemberId}`,
    body: 'json',
    valid: () => ({ fullName: 'Nama Baru', version: 1 }),
    required: [],
    wrongTypes: [
      ['version', '1', 'isInt'],
      ['version', 1.5, 'isInt'],
      ['status', 5, 'isIn'],
      ['supervisorId', 5, 'isUuid'],
      ['fullName', ['x'], 'isString'],
      ['email', true, 'isEmail'],
      ['fullName', null, 'required'],
    ],
  },
  'POST /api/v1/employees/{id}/transfer': {
    as: 'admin',
    path: (c) => `/api/v1/employees/${c.agency.teamMemberId}/transfer`,
    body: 'json',
    valid: (c) => ({ unitId: c.agency.units.child, effectiveDate: '2024-01-01' }),
    required: [],
    wrongTypes: [
      ['unitId', 5, 'isUuid'],
      ['positionId', [], 'isUuid'],
      ['effectiveDate', 20240101, 'isDateString'],
      ['effectiveDate', '2024-01-01T10:00:00+07:00', 'isDateString'],
    ],
  },
  'POST /api/v1/employees/import': {
    as: 'admin',
    path: () => '/api/v1/employees/import',
    body: 'csv',
  },
  'POST /api/v1/competencies': {
    as: 'admin',
    path: () => '/api/v1/competencies',
    body: 'json',
    valid: () => ({
      code: 'TK.BARU', name: 'Analisis Kebijakan', description: 'Menyusun kajian kebijakan publik.',
      levels: [{ level: 1, description: 'Memahami dasar analisis kebijakan.', indicators: ['Merangkum isu kebijakan.'] }],
    }),
    required: ['code', 'name', 'levels'],
    wrongTypes: [
      ['code', 5, 'isString'],
      ['code', 'tk baru', 'matches'],
      ['name', ['Analisis'], 'isString'],
      ['description', 5, 'isString'],
      ['levels', 'level 1', 'isArray'],
      ['levels', [], 'arrayMinSize'],
    ],
  },
  'PATCH /api/v1/competencies/{id}': {
    as: 'admin',
    path: (c) => `/api/v1/competencies/${c.agency.competencyId}`,
    body: 'json',
    valid: () => ({ name: 'Nama Baru', revision: 1 }),
    required: ['revision'],
    wrongTypes: [
      ['revision', '1', 'isInt'],
      ['revision', 1.5, 'isInt'],
      ['name', 5, 'isString'],
      ['levels', { level: 1 }, 'isArray'],
      ['name', null, 'required'],
      ['levels', null, 'required'],
    ],
  },
  'POST /api/v1/competencies/{id}/retire': {
    as: 'admin',
    path: (c) => `/api/v1/competencies/${c.agency.competencyId}/retire`,
    body: 'none',
  },
  'POST /api/v1/competencies/{id}/restore': {
    as: 'admin',
    path: (c) => `/api/v1/competencies/${c.agency.competencyId}/restore`,
    body: 'none',
  },
  'POST /api/v1/competencies/import': {
    as: 'admin',
    path: () => '/api/v1/competencies/import',
    body: 'csv',
  },
  'POST /api/v1/courses': {
    as: 'trainer',
    path: () => '/api/v1/courses',
    body: 'json',
    valid: () => ({ title: 'Kursus Baru' }),
    required: ['title'],
    wrongTypes: [
      ['title', 5, 'isString'],
      ['title', '', 'required'],
      ['title', 'x'.repeat(301), 'maxLength'],
    ],
  },
  'PUT /api/v1/courses/{id}/draft': {
    as: 'trainer',
    path: (c) => `/api/v1/courses/${c.courseId}/draft`,
    body: 'json',
    valid: () => ({ revision: 1, document: emptyCourseDocument('Kursus Uji') }),
    required: ['revision', 'document'],
    wrongTypes: [
      ['revision', '1', 'isInt'],
      ['revision', 0, 'min'],
      ['document', 'dokumen', 'isObject'],
      ['document', [], 'isObject'],
    ],
  },
  'POST /api/v1/courses/{id}/submit': { as: 'trainer', path: (c) => `/api/v1/courses/${c.courseId}/submit`, body: 'none' },
  'POST /api/v1/courses/{id}/return': { as: 'trainer', path: (c) => `/api/v1/courses/${c.courseId}/return`, body: 'none' },
  'POST /api/v1/courses/{id}/publish': { as: 'trainer', path: (c) => `/api/v1/courses/${c.courseId}/publish`, body: 'none' },
  'POST /api/v1/courses/{id}/archive': { as: 'trainer', path: (c) => `/api/v1/courses/${c.courseId}/archive`, body: 'none' },
  'POST /api/v1/courses/{id}/uploads': {
    as: 'trainer',
    path: (c) => `/api/v1/courses/${c.courseId}/uploads`,
    body: 'json',
    valid: () => ({ kind: 'document', contentType: 'application/pdf', size: 1024 }),
    required: ['kind', 'contentType', 'size'],
    wrongTypes: [
      ['kind', 'audio', 'isIn'],
      ['contentType', 5, 'isString'],
      ['contentType', 'x'.repeat(101), 'maxLength'],
      ['size', '1024', 'isInt'],
      ['size', 0, 'min'],
    ],
  },
  'POST /api/v1/courses/{id}/uploads/{uploadId}/complete': {
    as: 'trainer',
    path: (c) => `/api/v1/courses/${c.courseId}/uploads/00000000-0000-4000-8000-000000000000/complete`,
    body: 'none',
  },
  'POST /api/v1/users': {
    as: 'admin',
    path: () => '/api/v1/users',
    body: 'json',
    valid: (c) => ({ employeeId: c.loginless, password: 'Sandi Awal 2026', roles: ['learner'] }),
    required: ['employeeId', 'password', 'roles'],
    wrongTypes: [
      ['roles', 'learner', 'isArray'],
      ['roles', [5], 'isIn'],
      ['employeeId', 5, 'isUuid'],
      ['password', 5, 'isString'],
    ],
  },
  'PUT /api/v1/users/{id}/roles': {
    as: 'admin',
    path: (c) => `/api/v1/users/${c.agency.people.learner.userId}/roles`,
    body: 'json',
    valid: () => ({ roles: ['learner', 'supervisor'] }),
    required: ['roles'],
    wrongTypes: [
      ['roles', 'supervisor', 'isArray'],
      ['roles', { 0: 'learner' }, 'isArray'],
      ['roles', [true], 'isIn'],
    ],
  },
  'PATCH /api/v1/users/{id}': {
    as: 'admin',
    path: (c) => `/api/v1/users/${c.agency.people.grader.userId}`,
    body: 'json',
    valid: () => ({ disabled: true }),
    required: [],
    wrongTypes: [
      ['disabled', 'true', 'isBoolean'],
      ['disabled', 1, 'isBoolean'],
      ['disabled', [true], 'isBoolean'],
    ],
  },
  'POST /api/v1/employees/{employeeId}/ledger': {
    as: 'admin',
    path: (c) => `/api/v1/employees/${c.agency.teamMemberId}/ledger`,
    body: 'json',
    valid: (c) => ({ competencyId: c.agency.competencyId, level: 3, source: 'assessment', sourceRef: `AC-${randomUUID()}`, occurredAt: '2025-06-02T09:00:00+07:00' }),
    required: ['competencyId', 'level', 'source', 'sourceRef', 'occurredAt'],
    wrongTypes: [
      ['competencyId', 'M.1', 'isUuid'],
      ['level', 6, 'isIn'],
      ['level', 2.5, 'isInt'],
      ['level', '3', 'isInt'],
      ['source', 'course_completion', 'isIn'],
      ['sourceRef', 'AC 2025/1', 'matches'],
      ['occurredAt', '2025-06-02 09:00', 'isIso8601'],
      ['occurredAt', '2025-06-02T09:00:00', 'isIso8601'], // no zone: whose 09:00?
      ['occurredAt', '2025-06-02', 'isIso8601'],
      ['validUntil', 20300101, 'isIso8601'],
      ['evidenceText', ['bukti'], 'isString'],
      ['evidenceUrl', 'javascript:alert(1)', 'isUrl'],
      ['evidenceObjectKey', 'bukti.pdf', 'matches'],
      ['evidenceObjectKey', 5, 'isString'],
    ],
  },
  'POST /api/v1/employees/{employeeId}/ledger/evidence': {
    as: 'admin',
    path: (c) => `/api/v1/employees/${c.agency.teamMemberId}/ledger/evidence`,
    body: 'multipart',
  },
  'POST /api/v1/employees/{employeeId}/ledger/{entryId}/revoke': {
    as: 'admin',
    path: (c) => `/api/v1/employees/${c.agency.teamMemberId}/ledger/${c.entryId}/revoke`,
    body: 'json',
    valid: () => ({ reason: 'Sertifikat milik pegawai lain' }),
    required: ['reason'],
    wrongTypes: [
      ['reason', 5, 'isString'],
      ['reason', 'ok', 'minLength'],
      ['reason', 'x'.repeat(2001), 'maxLength'],
    ],
  },
  'POST /api/v1/employees/{employeeId}/ledger/{entryId}/adjust': {
    as: 'admin',
    path: (c) => `/api/v1/employees/${c.agency.teamMemberId}/ledger/${c.entryId}/adjust`,
    body: 'json',
    valid: () => ({ level: 3, reason: 'Koreksi hasil asesmen' }),
    required: ['level', 'reason'],
    wrongTypes: [
      ['level', 0, 'isIn'],
      ['level', '3', 'isInt'],
      ['validUntil', 'besok', 'isIso8601'],
      ['reason', ['x'], 'isString'],
    ],
  },
  'POST /api/v1/employees/{employeeId}/jp-credits': {
    as: 'admin',
    path: (c) => `/api/v1/employees/${c.agency.teamMemberId}/jp-credits`,
    body: 'json',
    valid: () => ({ minutes: 90, occurredAt: '2025-03-10T08:00:00+07:00', source: 'external_training', sourceRef: `BPSDM-${randomUUID()}` }),
    required: ['minutes', 'occurredAt', 'source', 'sourceRef'],
    wrongTypes: [
      ['minutes', '90', 'isInt'],
      ['minutes', 0, 'min'],
      ['minutes', 100001, 'max'],
      ['occurredAt', 1741568400000, 'isIso8601'],
      ['occurredAt', '2025-03-10T08:00:00', 'isIso8601'],
      ['source', 'course_completion', 'isIn'],
      ['sourceRef', '', 'required'],
      ['description', 5, 'isString'],
    ],
  },
  'PUT /api/v1/positions/{positionId}/standard': {
    as: 'admin',
    path: (c) => `/api/v1/positions/${c.agency.positions.staff}/standard`,
    body: 'json',
    valid: (c) => ({ items: [{ competencyId: c.agency.competencyId, requiredLevel: 2 }] }),
    required: ['items'],
    wrongTypes: [
      ['items', { competencyId: 'x' }, 'isArray'],
      ['items', 'M.1', 'isArray'],
    ],
  },
  'POST /api/v1/prior-learning': {
    as: 'learner',
    path: () => '/api/v1/prior-learning',
    body: 'json',
    valid: (c) => ({ competencyId: c.agency.competencyId, level: 2, occurredAt: '2025-09-15T08:00:00+07:00', description: 'Diklat teknis BPSDM' }),
    required: ['competencyId', 'level', 'occurredAt', 'description'],
    wrongTypes: [
      ['competencyId', 5, 'isUuid'],
      ['level', 6, 'isIn'],
      ['level', '2', 'isInt'],
      ['occurredAt', '15/09/2025', 'isIso8601'],
      ['occurredAt', '2025-09-15', 'isIso8601'],
      ['description', ['Diklat'], 'isString'],
      ['evidenceUrl', 'ftp://bpsdm.go.id/a.pdf', 'isUrl'],
    ],
  },
  'POST /api/v1/prior-learning/{id}/accept': {
    as: 'admin',
    path: (c) => `/api/v1/prior-learning/${c.claimId}/accept`,
    body: 'json',
    valid: () => ({ note: 'Sertifikat asli sudah diperiksa' }),
    required: [],
    wrongTypes: [
      ['note', 5, 'isString'],
      ['note', 'x'.repeat(2001), 'maxLength'],
    ],
  },
  'POST /api/v1/prior-learning/{id}/reject': {
    as: 'admin',
    path: (c) => `/api/v1/prior-learning/${c.claimId}/reject`,
    body: 'json',
    valid: () => ({ note: 'Sertifikat tidak dapat diverifikasi' }),
    required: ['note'],
    wrongTypes: [
      ['note', 5, 'isString'],
      ['note', 'ok', 'minLength'],
    ],
  },
  'POST /api/v1/enrollments': {
    as: 'learner',
    path: () => '/api/v1/enrollments',
    body: 'json',
    valid: (c) => ({ courseId: c.publishedCourseId }),
    required: ['courseId'],
    wrongTypes: [
      ['courseId', 5, 'isUuid'],
      ['courseId', 'SETDA', 'isUuid'],
      ['courseId', [randomUUID()], 'isUuid'],
    ],
  },
  'POST /api/v1/enrollments/{id}/approve': {
    as: 'trainer',
    path: (c) => `/api/v1/enrollments/${c.requestId}/approve`,
    body: 'json',
    valid: () => ({ note: 'Sesuai rencana pengembangan' }),
    required: [],
    wrongTypes: [
      ['note', 5, 'isString'],
      ['note', 'x'.repeat(2001), 'maxLength'],
    ],
  },
  'POST /api/v1/enrollments/{id}/reject': {
    as: 'trainer',
    path: (c) => `/api/v1/enrollments/${c.requestId}/reject`,
    body: 'json',
    valid: () => ({ note: 'Kuota penuh' }),
    required: [],
    wrongTypes: [['note', ['x'], 'isString']],
  },
  'POST /api/v1/enrollments/{id}/withdraw': {
    as: 'learner',
    path: (c) => `/api/v1/enrollments/${c.requestId}/withdraw`,
    body: 'json',
    valid: () => ({ note: 'Jadwal bentrok' }),
    required: [],
    wrongTypes: [['note', { text: 'x' }, 'isString']],
  },
  'POST /api/v1/courses/{courseId}/assignments': {
    as: 'trainer',
    path: (c) => `/api/v1/courses/${c.publishedCourseId}/assignments`,
    body: 'json',
    valid: (c) => ({ target: { kind: 'unit', unitId: c.agency.units.child, includeSubUnits: true }, mandatory: true, dueInDays: 14 }),
    required: ['target'],
    wrongTypes: [
      ['target', 'unit', 'isObject'],
      ['mandatory', 'yes', 'isBoolean'],
      ['dueInDays', '14', 'isInt'],
      ['dueInDays', 0, 'min'],
      ['dueInDays', 3651, 'max'],
      ['dueAt', '2026-12-31', 'isIso8601'],
    ],
  },
  'POST /api/v1/courses/{courseId}/assignments/csv': {
    as: 'trainer',
    path: (c) => `/api/v1/courses/${c.publishedCourseId}/assignments/csv`,
    body: 'csv',
  },
  'POST /api/v1/enrollments/{id}/progress': {
    as: 'learner',
    path: (c) => `/api/v1/enrollments/${c.enrollmentId}/progress`,
    body: 'json',
    valid: () => ({ events: [{ id: randomUUID(), lessonId: 'l1', secondsSpent: 5 }] }),
    required: ['events'],
    wrongTypes: [
      ['events', 'l1', 'isArray'],
      ['events', { id: randomUUID(), lessonId: 'l1' }, 'isArray'],
      ['events', [], 'arrayMinSize'],
    ],
  },
  'POST /api/v1/enrollments/{id}/quizzes/{lessonId}/attempts': { as: 'learner', path: (c) => `/api/v1/enrollments/${c.enrollmentId}/quizzes/l5/attempts`, body: 'none' },
  'PUT /api/v1/attempts/{attemptId}/answers': {
    as: 'learner',
    path: (c) => `/api/v1/attempts/${c.attemptId}/answers`,
    body: 'json',
    valid: () => ({ answers: { q1: 'o1' } }),
    required: ['answers'],
    wrongTypes: [
      ['answers', 'o1', 'isObject'],
      ['answers', ['o1'], 'isObject'],
      ['answers', 5, 'isObject'],
    ],
  },
  'POST /api/v1/attempts/{attemptId}/submit': { as: 'learner', path: (c) => `/api/v1/attempts/${c.attemptId}/submit`, body: 'none' },
  'POST /api/v1/enrollments/{id}/assignments/{lessonId}/submissions': {
    as: 'learner',
    path: (c) => `/api/v1/enrollments/${c.enrollmentId}/assignments/l6/submissions`,
    body: 'json',
    valid: () => ({ contentType: 'application/pdf', size: 1024, fileName: 'laporan.pdf' }),
    required: ['contentType', 'size'],
    wrongTypes: [
      ['contentType', 5, 'isString'],
      ['contentType', 'x'.repeat(101), 'maxLength'],
      ['size', '1024', 'isInt'],
      ['size', 0, 'min'],
      ['fileName', 'x'.repeat(256), 'maxLength'],
    ],
  },
  'POST /api/v1/assignment-submissions/{submissionId}/complete': {
    as: 'learner',
    path: () => '/api/v1/assignment-submissions/00000000-0000-4000-8000-000000000000/complete',
    body: 'none',
  },
  'POST /api/v1/me/notifications/{id}/read': { as: 'learner', path: () => `/api/v1/me/notifications/${randomUUID()}/read`, body: 'none' },
  'POST /api/v1/me/notifications/read-all': { as: 'learner', path: () => '/api/v1/me/notifications/read-all', body: 'none' },
  'PUT /api/v1/me/notification-preferences': {
    as: 'learner',
    path: () => '/api/v1/me/notification-preferences',
    body: 'json',
    valid: () => ({ locale: 'en', emailEnabled: false, disabledKinds: ['reminder.inactive'] }),
    required: ['locale', 'emailEnabled', 'disabledKinds'],
    wrongTypes: [
      ['locale', 'fr', 'isIn'],
      ['emailEnabled', 'yes', 'isBoolean'],
      ['disabledKinds', 'reminder.due', 'isArray'],
      ['disabledKinds', ['reminder.nope'], 'isIn'],
    ],
  },
  'POST /api/v1/queues/jobs/{jobId}/retry': { as: 'admin', path: () => `/api/v1/queues/jobs/${randomUUID()}/retry`, body: 'none' },
  'DELETE /api/v1/queues/jobs/{jobId}': { as: 'admin', path: () => `/api/v1/queues/jobs/${randomUUID()}`, body: 'none' },
  'POST /api/v1/grading/items/{id}/grade': {
    as: 'trainer',
    path: (c) => `/api/v1/grading/items/${c.grading.itemId}/grade`,
    body: 'json',
    valid: () => ({ revision: 0, points: 3, feedback: 'Baik.' }),
    required: ['revision'],
    wrongTypes: [
      ['revision', '0', 'isInt'],
      ['revision', -1, 'min'],
      ['points', 'tiga', 'isNumber'],
      ['points', -1, 'min'],
      ['points', 1.005, 'isNumber'],
      ['feedback', 5, 'isString'],
      ['rubric', { criterionId: 'isi', levelId: 'baik' }, 'isArray'],
    ],
  },
  'PUT /api/v1/grading/rubrics/{courseId}/{questionId}': {
    as: 'trainer',
    path: (c) => `/api/v1/grading/rubrics/${c.grading.courseId}/q6`,
    body: 'json',
    valid: () => ({ criteria: [{ id: 'isi', title: 'Isi', levels: [{ id: 'baik', title: 'Baik', points: 4 }] }] }),
    required: ['criteria'],
    wrongTypes: [
      ['criteria', 'isi', 'isArray'],
      ['criteria', [], 'arrayMinSize'],
    ],
  },
  'PUT /api/v1/courses/{courseId}/versions/{version}/questions/{questionId}/answer-key': {
    as: 'trainer',
    path: (c) => `/api/v1/courses/${c.grading.courseId}/versions/1/questions/q1/answer-key`,
    body: 'json',
    valid: () => ({ correctOptionIds: ['o1'], reason: 'Kunci dikonfirmasi.' }),
    required: ['reason'],
    wrongTypes: [
      ['correctOptionIds', 'o1', 'isArray'],
      ['correctOptionIds', [5], 'isString'],
      ['numericAnswer', '5', 'isNumber'],
      ['tolerance', -1, 'min'],
      ['caseSensitive', 'ya', 'isBoolean'],
      ['reason', 5, 'isString'],
      ['reason', 'ab', 'minLength'],
      ['reason', 'x'.repeat(501), 'maxLength'],
    ],
  },
  // Certificates (issue 7).
  'POST /api/v1/certificates/{id}/revoke': {
    as: 'trainer',
    path: (c) => `/api/v1/certificates/${c.certificate.id}/revoke`,
    body: 'json',
    valid: () => ({ reason: 'Nama peserta keliru' }),
    required: ['reason'],
    wrongTypes: [
      ['reason', 5, 'isString'],
      ['reason', 'ab', 'minLength'],
      ['reason', 'x'.repeat(501), 'maxLength'],
    ],
  },
  'POST /api/v1/certificates/{id}/reissue': {
    as: 'trainer',
    path: (c) => `/api/v1/certificates/${c.certificate.id}/reissue`,
    body: 'json',
    valid: () => ({ reason: 'Nama peserta dikoreksi' }),
    required: ['reason'],
    wrongTypes: [
      ['reason', 5, 'isString'],
      ['reason', 'ab', 'minLength'],
      ['reason', 'x'.repeat(501), 'maxLength'],
    ],
  },
  'POST /api/v1/certificate-templates': {
    as: 'trainer',
    path: () => '/api/v1/certificate-templates',
    body: 'json',
    valid: () => ({ name: 'Teknis', html: '<p>{{holderName}}</p>', css: '', orientation: 'landscape' }),
    required: ['name', 'html', 'orientation'],
    wrongTypes: [
      ['name', 5, 'isString'],
      ['name', 'x'.repeat(201), 'maxLength'],
      ['html', ['<p>'], 'isString'],
      ['css', 5, 'isString'],
      ['orientation', 'square', 'isIn'],
    ],
  },
  'PUT /api/v1/certificate-templates/{id}': {
    as: 'trainer',
    path: (c) => `/api/v1/certificate-templates/${c.templateId}`,
    body: 'json',
    valid: () => ({ name: 'Teknis', html: '<p>{{holderName}}</p>', orientation: 'portrait' }),
    required: ['name', 'html', 'orientation'],
    wrongTypes: [
      ['html', 5, 'isString'],
      ['orientation', 5, 'isIn'],
    ],
  },
  'POST /api/v1/certificate-templates/{id}/preview': {
    as: 'trainer',
    path: (c) => `/api/v1/certificate-templates/${c.templateId}/preview`,
    body: 'none',
  },
  'POST /api/v1/certificate-assets': {
    as: 'trainer',
    path: () => '/api/v1/certificate-assets',
    body: 'json',
    valid: () => ({ name: 'logo', contentType: 'image/png', size: 68 }),
    required: ['name', 'contentType', 'size'],
    wrongTypes: [
      ['name', 'Logo Besar', 'matches'],
      ['name', '../etc', 'matches'],
      ['contentType', 5, 'isString'],
      ['size', 'besar', 'isInt'],
      ['size', 0, 'min'],
    ],
  },
  'POST /api/v1/certificate-assets/{id}/complete': {
    as: 'trainer',
    path: () => `/api/v1/certificate-assets/${ASSET_ID}/complete`,
    body: 'none',
  },
  'POST /api/v1/certificates/verify/{code}/file': {
    as: 'anonymous',
    path: (c) => `/api/v1/certificates/verify/${c.certificate.code}/file`,
    body: 'multipart',
  },
};

const routeNames = Object.keys(ROUTES);
const jsonRoutes = routeNames.filter((r) => ROUTES[r].body === 'json');
// A verification code is not a UUID: its malformed forms are a 404 (certificates.integration-spec.ts).
const idRoutes = routeNames.filter((r) => r.includes('{') && !r.includes('{code}'));
/** The first path parameter of a route, e.g. id or employeeId: the one the id test breaks. */
const firstParam = (route: string) => /\{(\w+)\}/.exec(route)?.[1] ?? 'id';
const bodyRoutes = routeNames.filter((r) => ROUTES[r].body !== 'none');

/** Everything these requests could touch: the agency's rows, its logins and sessions, and test agencies. */
async function fingerprint(db: DataSource, agency: Agency) {
  const [extra] = await db.query(
    `SELECT (SELECT count(*)::int FROM refresh_token r JOIN user_account u ON u.id = r.user_id WHERE u.tenant_id = $1) AS sessions,
            (SELECT count(*)::int FROM refresh_token r JOIN user_account u ON u.id = r.user_id WHERE u.tenant_id = $1 AND (r.revoked_at IS NOT NULL OR r.used_at IS NOT NULL)) AS ended,
            (SELECT count(*)::int FROM tenant WHERE code LIKE $2) AS tenants,
            (SELECT count(*)::int FROM ledger_entry WHERE tenant_id = $1) AS entries,
            (SELECT count(*)::int FROM jp_credit WHERE tenant_id = $1) AS credits,
            (SELECT count(*)::int FROM position_standard WHERE tenant_id = $1) AS standards,
            (SELECT count(*)::int FROM prior_learning WHERE tenant_id = $1 AND status = 'submitted') AS claims,
            (SELECT count(*)::int FROM evidence_upload WHERE tenant_id = $1) AS uploads,
            (SELECT count(*)::int FROM progress_event p JOIN enrollment e ON e.id = p.enrollment_id WHERE e.tenant_id = $1) AS progress_events,
            (SELECT coalesce(sum(seconds_spent), 0)::int FROM lesson_progress WHERE tenant_id = $1) AS progress_seconds,
            (SELECT count(*)::int FROM quiz_attempt WHERE tenant_id = $1) AS attempts,
            (SELECT count(*)::int FROM quiz_attempt WHERE tenant_id = $1 AND (answers <> '{}' OR status <> 'in_progress')) AS attempts_touched,
            (SELECT count(*)::int FROM enrollment WHERE tenant_id = $1) AS enrollments,
            (SELECT count(*)::int FROM enrollment WHERE tenant_id = $1 AND status = 'requested') AS requests,
            (SELECT count(*)::int FROM course_assignment WHERE tenant_id = $1) AS assignments,
            (SELECT count(*)::int FROM certificate WHERE tenant_id = $1 AND status = 'revoked') AS revoked_certificates`,
    [agency.id, `${TENANT_MARK}%`],
  );
  return { ...(await tenantSnapshot(db, agency.id)), ...extra };
}

describe('bad input on every write route', () => {
  let t: TestApp;
  let c: Ctx;

  const call = (route: string, path?: string): Test => {
    const [method] = route.split(' ');
    const r = ROUTES[route];
    const url = path ?? r.path(c);
    const req = t.http()[method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete'](url);
    return r.as === 'anonymous' ? req : req.set('Authorization', c.tokens[r.as]);
  };
  const sendJson = (route: string, body: unknown, path?: string) => call(route, path).set('Content-Type', 'application/json').send(JSON.stringify(body));
  const validOf = (r: RouteCase, ctx: Ctx = c): Body => r.valid?.(ctx) ?? {};
  const sendRaw = (route: string, type: string, raw: string | Buffer) => call(route).set('Content-Type', type).send(raw);

  /** Runs the bad requests of one route and proves that none of them changed anything. */
  async function unchanged(run: () => Promise<void>) {
    const before = await fingerprint(t.db, c.agency);
    await run();
    expect(await fingerprint(t.db, c.agency)).toEqual(before);
  }

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: String(BODY_LIMIT), IMPORT_LIMIT_BYTES: String(IMPORT_LIMIT), EVIDENCE_LIMIT_BYTES: String(EVIDENCE_LIMIT) });
    const agency = await createAgency(t.db);
    const superAdmin = await createSuperAdmin(t.db);
    const learnerSession = await signIn(t, agency.people.learner.email);
    c = {
      agency,
      tokens: {
        admin: await bearer(t, agency.people.tenant_admin.email),
        trainer: await bearer(t, agency.people.training_admin.email),
        learner: `Bearer ${learnerSession.accessToken}`,
        super: await bearer(t, superAdmin.email),
      },
      refreshToken: learnerSession.refreshToken,
      loginless: agency.teamMemberId,
      ...(await ledgerFixtures(t.db, agency)),
      ...(await enrollmentFixtures(t.db, agency)),
      ...(await deliveryFixtures(t.db, agency)),
      grading: await insertGradingItem(t.db, agency),
      certificate: await insertCertificate(t, agency.id, agency.people.learner.employeeId, agency.competencyId),
      templateId: await insertTemplate(t, agency.id, agency.people.training_admin.userId),
    };
  });
  afterAll(() => t.app.close());

  it('covers every write route of the OpenAPI document, and only those', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: { $ref?: string } }> }; parameters?: { in: string; name: string }[] }>>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    const writes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(writes.length).toBeGreaterThanOrEqual(18);
    expect(writes.filter((w) => !ROUTES[w])).toEqual([]); // a write route without a row here is untested
    expect(routeNames.filter((r) => !writes.includes(r))).toEqual([]);

    for (const route of writes) {
      const [method, path] = route.split(' ');
      const op = doc.paths[path][method.toLowerCase()];
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect({ route, pathParams: [...pathParams].sort() }).toEqual({ route, pathParams: [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort() });
      const ref = op.requestBody?.content['application/json']?.schema?.$ref;
      if (ROUTES[route].body === 'json') {
        expect({ route, ref: typeof ref }).toEqual({ route, ref: 'string' });
        const required = doc.components.schemas[String(ref).split('/').pop() ?? '']?.required ?? [];
        expect({ route, required: [...required].sort() }).toEqual({ route, required: [...(ROUTES[route].required ?? [])].sort() });
      } else if (ROUTES[route].body === 'csv') {
        expect(Object.keys(op.requestBody?.content ?? {})).toEqual(['text/csv']);
      } else if (ROUTES[route].body === 'multipart') {
        expect(Object.keys(op.requestBody?.content ?? {})).toEqual(['multipart/form-data']);
      } else {
        expect({ route, requestBody: op.requestBody }).toEqual({ route, requestBody: undefined });
      }
    }
  });

  describe.each(jsonRoutes)('%s', (route) => {
    const r = ROUTES[route];

    it('answers wrong types with 400 naming the field and the rule', async () => {
      await unchanged(async () => {
        for (const [field, value, rule] of r.wrongTypes ?? []) {
          const res = await sendJson(route, { ...validOf(r), [field]: value });
          expectProblem(res, 400, [{ field, rule }]);
          expect(res.body.type).toMatch(/request\.validation$/);
        }
      });
    });

    it('answers missing required fields with 400 naming each one as required', async () => {
      await unchanged(async () => {
        const valid = validOf(r);
        for (const field of r.required ?? []) {
          const { [field]: _dropped, ...rest } = valid;
          expectProblem(await sendJson(route, rest), 400, [{ field, rule: 'required' }]);
        }
        if (r.required?.length) {
          const res = await sendJson(route, {});
          expectProblem(res, 400, r.required.map((field) => ({ field, rule: 'required' })));
          expect(res.body.errors).toHaveLength(r.required.length);
        }
      });
    });

    it('answers unknown fields with 400 and rule unknownField', async () => {
      await unchanged(async () => {
        for (const extra of [{ isAdmin: true }, { tenantId: randomUUID() }, { id: randomUUID() }]) {
          const res = await sendJson(route, { ...validOf(r), ...extra });
          expectProblem(res, 400, [{ field: Object.keys(extra)[0], rule: 'unknownField' }]);
        }
      });
    });

    it('answers malformed JSON with 400 request.malformedJson', async () => {
      await unchanged(async () => {
        for (const raw of ['{"name": ', "{'name': 'x'}", '{name: "x"}', '{"a":1}}', '\u0000']) {
          const res = await sendRaw(route, 'application/json', raw);
          expectProblem(res, 400);
          expect(res.body.type).toMatch(/request\.malformedJson$/);
        }
      });
    });

    it('answers arrays, null and scalars as the whole body with 400', async () => {
      await unchanged(async () => {
        for (const raw of ['[]', '[{}]', JSON.stringify([validOf(r)]), 'null', '"text"', '42', 'true']) {
          expectProblem(await sendRaw(route, 'application/json', raw), 400);
        }
      });
    });

    it(`answers a body over BODY_LIMIT_BYTES (${BODY_LIMIT}) with 413`, async () => {
      await unchanged(async () => {
        const res = await sendJson(route, { ...validOf(r), padding: 'x'.repeat(BODY_LIMIT + 100) });
        expectProblem(res, 413);
        expect(res.body.detail).toContain(String(BODY_LIMIT));
      });
    });

    it('answers a content type other than JSON with 415', async () => {
      await unchanged(async () => {
        const valid = validOf(r);
        const form = new URLSearchParams(Object.entries(valid).map(([k, v]): [string, string] => [k, String(v)])).toString();
        for (const [type, raw] of [
          ['text/plain', JSON.stringify(valid)],
          ['application/x-www-form-urlencoded', form],
          ['text/csv', 'a,b\n1,2'],
          ['application/xml', '<a/>'],
          ['application/json; charset=latin1', JSON.stringify(valid)],
          ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n--x--\r\n`],
        ]) {
          const res = await sendRaw(route, type, raw);
          expectProblem(res, 415);
          expect(res.body.type).toMatch(/request\.unsupportedMediaType$/);
        }
      });
    });
  });

  describe.each(idRoutes)('%s', (route) => {
    it('answers a non-UUID path id with 400 naming `id`', async () => {
      const r = ROUTES[route];
      await unchanged(async () => {
        for (const bad of ['123', 'SETDA', 'not-a-uuid', `${randomUUID()}x`, "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g']) {
          const path = r.path(c).replace(/[0-9a-f-]{36}/, encodeURIComponent(bad));
          const res = r.body === 'json' ? await sendJson(route, validOf(r), path) : await call(route, path);
          expectProblem(res, 400, [{ field: firstParam(route), rule: 'isUuid' }]);
        }
      });
    });
  });

  describe('DELETE /api/v1/units/{id} with a body', () => {
    it('answers malformed JSON with 400 and an oversized body with 413, deleting nothing', async () => {
      await unchanged(async () => {
        const bad = await sendRaw('DELETE /api/v1/units/{id}', 'application/json', '{"x": ');
        expectProblem(bad, 400);
        expect(bad.body.type).toMatch(/request\.malformedJson$/);
        expectProblem(await sendRaw('DELETE /api/v1/units/{id}', 'application/json', JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT + 1) })), 413);
      });
    });
  });

  describe('POST /api/v1/employees/import (CSV)', () => {
    const route = 'POST /api/v1/employees/import';
    const good = () => csvOf([{ nip: freshNip(), full_name: 'Ani', email: `ani.${randomUUID().slice(0, 6)}@uji.go.id`, unit_code: 'DISHUB', position_code: 'PELAKSANA' }]);

    it('answers JSON, forms and XML with 415', async () => {
      await unchanged(async () => {
        for (const [type, raw] of [
          ['application/json', JSON.stringify({ nip: freshNip() })],
          ['application/x-www-form-urlencoded', 'nip=1'],
          ['application/xml', '<a/>'],
        ]) {
          expectProblem(await sendRaw(route, type, raw), 415);
        }
      });
    });

    it(`answers a file over IMPORT_LIMIT_BYTES (${IMPORT_LIMIT}) with 413`, async () => {
      await unchanged(async () => {
        const res = await sendRaw(route, 'text/csv', good() + '#'.repeat(IMPORT_LIMIT));
        expectProblem(res, 413);
        expect(res.body.detail).toContain(String(IMPORT_LIMIT));
      });
    });

    it('answers an empty body, a bad header and bad query parameters with 400 naming the part', async () => {
      await unchanged(async () => {
        expectProblem(await sendRaw(route, 'text/csv', ''), 400, [{ field: 'file' }]);
        expectProblem(await sendRaw(route, 'text/csv', 'a;b;c\n1;2;3\n'), 400, [{ field: 'header', rule: 'badHeader' }]);
        expectProblem(await sendRaw(route, 'text/csv', '"unterminated\n'), 400);
        const res = await call(route, `${ROUTES[route].path(c)}?mode=semua&dryRun=maybe&x=1`).set('Content-Type', 'text/csv').send(good());
        expectProblem(res, 400, [
          { field: 'mode', rule: 'isIn' },
          { field: 'dryRun', rule: 'isBoolean' },
          { field: 'x', rule: 'unknownField' },
        ]);
      });
    });

    it('answers a binary file with a 4xx, not a 500', async () => {
      await unchanged(async () => {
        const res = await sendRaw(route, 'text/csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0xfe, 0x0a, 0x00]));
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      });
    });
  });

  describe('POST /api/v1/courses/{courseId}/assignments/csv (CSV)', () => {
    const route = 'POST /api/v1/courses/{courseId}/assignments/csv';

    it('answers JSON with 415, an oversized file with 413, a broken file or query with 400, assigning nothing', async () => {
      await unchanged(async () => {
        expectProblem(await sendRaw(route, 'application/json', JSON.stringify({ nip: freshNip() })), 415);
        expectProblem(await sendRaw(route, 'text/csv', `nip\n${freshNip()}\n` + '#'.repeat(IMPORT_LIMIT)), 413);
        expectProblem(await sendRaw(route, 'text/csv', ''), 400, [{ field: 'file' }]);
        expectProblem(await sendRaw(route, 'text/csv', 'nama\nAni\n'), 400, [{ field: 'header', rule: 'badHeader' }]);
        const res = await call(route, `${ROUTES[route].path(c)}?mode=semua&dryRun=maybe&dueInDays=-1&x=1`).set('Content-Type', 'text/csv').send(`nip\n${freshNip()}\n`);
        expectProblem(res, 400, [
          { field: 'mode', rule: 'isIn' },
          { field: 'dryRun', rule: 'isBoolean' },
          { field: 'dueInDays', rule: 'min' },
          { field: 'x', rule: 'unknownField' },
        ]);
        const binary = await sendRaw(route, 'text/csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0xfe, 0x0a, 0x00]));
        expect(binary.status).toBeGreaterThanOrEqual(400);
        expect(binary.status).toBeLessThan(500);
      });
    });
  });

  describe('POST /api/v1/employees/{employeeId}/ledger/evidence (multipart)', () => {
    const route = 'POST /api/v1/employees/{employeeId}/ledger/evidence';
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');

    it('answers JSON, CSV, forms and raw bytes with 415, a file that is not PDF/PNG/JPEG with 415 naming `file`', async () => {
      await unchanged(async () => {
        for (const [type, raw] of [['application/json', '{"file":"x"}'], ['text/csv', 'a,b\n'], ['application/x-www-form-urlencoded', 'file=x'], ['application/pdf', pdf]] as const) {
          expectProblem(await sendRaw(route, type, raw), 415);
        }
        const exe = await call(route).attach('file', Buffer.from('MZ\x90\x00', 'latin1'), { filename: 'a.pdf', contentType: 'application/pdf' });
        expectProblem(exe, 415, [{ field: 'file', rule: 'unsupportedType' }]);
      });
    });

    it(`answers a file over EVIDENCE_LIMIT_BYTES (${EVIDENCE_LIMIT}) with 413, and a malformed or empty form with 400 naming \`file\``, async () => {
      await unchanged(async () => {
        const big = await call(route).attach('file', Buffer.concat([pdf, Buffer.alloc(EVIDENCE_LIMIT)]), 'a.pdf');
        expectProblem(big, 413, [{ field: 'file', rule: 'tooLarge' }]);
        expect(big.body.detail).toContain(String(EVIDENCE_LIMIT));
        expectProblem(await sendRaw(route, 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"\r\n'), 400, [{ field: 'file' }]);
        expectProblem(await sendRaw(route, 'multipart/form-data', 'no boundary'), 400, [{ field: 'file' }]);
        expectProblem(await call(route), 400, [{ field: 'file', rule: 'required' }]);
      });
    });
  });

  describe('POST /api/v1/certificates/verify/{code}/file (multipart, public)', () => {
    const route = 'POST /api/v1/certificates/verify/{code}/file';
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');

    it('answers other media types with 415, a file that is not a PDF with 415 naming `file`, too large 413, none 400', async () => {
      await unchanged(async () => {
        for (const [type, raw] of [['application/json', '{"file":"x"}'], ['text/csv', 'a,b\n'], ['application/pdf', pdf]] as const) {
          expectProblem(await sendRaw(route, type, raw), 415);
        }
        const png = await call(route).attach('file', Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), { filename: 'a.pdf', contentType: 'application/pdf' });
        expectProblem(png, 415, [{ field: 'file', rule: 'notPdf' }]);
        const big = await call(route).attach('file', Buffer.concat([pdf, Buffer.alloc(EVIDENCE_LIMIT)]), 'a.pdf');
        expectProblem(big, 413, [{ field: 'file', rule: 'tooLarge' }]);
        expectProblem(await sendRaw(route, 'multipart/form-data', 'no boundary'), 400, [{ field: 'file' }]);
        expectProblem(await call(route), 400, [{ field: 'file', rule: 'required' }]);
      });
    });
  });

  describe('the valid bodies of the table are really valid', () => {
    // Without this, a table row whose "valid" body is itself rejected would make the tests above pass for the wrong reason.
    it.each(bodyRoutes.filter((r) => ROUTES[r].body === 'json' && !r.startsWith('POST /api/v1/auth')))('%s accepts its valid body', async (route) => {
      const own = await createAgency(t.db);
      const ctx: Ctx = {
        ...c, agency: own, loginless: own.teamMemberId, ...(await ledgerFixtures(t.db, own)), ...(await enrollmentFixtures(t.db, own)), ...(await deliveryFixtures(t.db, own)),
        grading: await insertGradingItem(t.db, own),
        certificate: await insertCertificate(t, own.id, own.people.learner.employeeId, own.competencyId),
        templateId: await insertTemplate(t, own.id, own.people.training_admin.userId),
        tokens: { ...c.tokens, admin: await bearer(t, own.people.tenant_admin.email), trainer: await bearer(t, own.people.training_admin.email) },
      };
      const r = ROUTES[route];
      const [method] = route.split(' ');
      const req = t.http()[method.toLowerCase() as 'post' | 'put' | 'patch'](r.path(ctx));
      const authed = r.as === 'learner' ? req.set('Authorization', await bearer(t, own.people.learner.email)) : req.set('Authorization', ctx.tokens[r.as as 'admin' | 'trainer' | 'super']);
      const res = await authed.send(validOf(r, ctx));
      expect({ route, status: res.status, body: res.status < 300 ? null : res.text }).toEqual({ route, status: expect.any(Number), body: null });
    });

    it('auth routes accept their valid bodies', async () => {
      const own = await createAgency(t.db);
      const session = await signIn(t, own.people.learner.email);
      const learner = `Bearer ${session.accessToken}`;
      await t.http().post('/api/v1/auth/login').send({ identifier: own.people.grader.email, password: TEST_PASSWORD }).expect(200);
      const refreshed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
      await t.http().post('/api/v1/auth/logout').set('Authorization', learner).send({ refreshToken: refreshed.body.refreshToken }).expect(204);
      await t.http().post('/api/v1/auth/password').set('Authorization', learner).send({ currentPassword: TEST_PASSWORD, newPassword: 'Sandi Baru 2026' }).expect(204);
    });
  });

  describe('details and nulls', () => {
    it('a non-UUID path id gets a detail with the field filled in', async () => {
      const res = await t.http().delete('/api/v1/units/abc').set('Authorization', c.tokens.admin);
      expectProblem(res, 400, [{ field: 'id', rule: 'isUuid' }]);
      expect(res.body.detail).not.toMatch(/\{\w+\}/);
    });

    it('PATCH /users/{id} with disabled: null is refused and leaves a disabled login disabled', async () => {
      const own = await createAgency(t.db);
      const admin = await bearer(t, own.people.tenant_admin.email);
      await t.http().patch(`/api/v1/users/${own.people.grader.userId}`).set('Authorization', admin).send({ disabled: true }).expect(200);
      const res = await t.http().patch(`/api/v1/users/${own.people.grader.userId}`).set('Authorization', admin).send({ disabled: null });
      const [row] = await t.db.query(`SELECT disabled_at FROM user_account WHERE id = $1`, [own.people.grader.userId]);
      expect(row.disabled_at).not.toBeNull();
      expectProblem(res, 400, [{ field: 'disabled', rule: 'required' }]);
    });
  });
});
