import { Controller, Get, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import type { Role } from '@mahir/competency';
import { appendLedgerEntry } from '@mahir/persistence';
import { newObjectKey } from '@mahir/storage';
import { Authenticated } from '@mahir/runtime';
import { AppModule } from './app.module';
import { insertCertificate, insertPendingAsset, insertTemplate, PIXEL_PNG } from './certification/certificates/certificate-fixtures';
import { createEmployee, createLogin, expectProblem, fieldRules, type Login } from './test-support/auth-helpers';
import { insertPublishedCourse, publishableCourse } from './test-support/course-fixtures';
import { insertActiveEnrollment, insertDeliveryCourse, insertOpenAttempt } from './test-support/delivery-fixtures';
import { courseOf } from './test-support/enrollment-helpers';
import { insertCompetency } from './test-support/framework-fixtures';
import { insertGradingItem } from './test-support/grading-fixtures';
import { insertSubmission } from './learning/submissions/submission-fixtures';
import { createAgency, createSuperAdmin, signIn, startTestApp, validNip, type Agency, type TestApp } from './test-support/test-app';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type Caller = 'learner' | 'supervisor' | 'grader' | 'training_admin' | 'tenant_admin' | 'super_admin';
type Session = { accessToken: string; refreshToken: string };

/** What one allowed call sends and the exact answer it gets. */
interface Call {
  id?: string;
  /** Path parameters other than {id}, by name (e.g. employeeId, entryId). */
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  csv?: string;
  /** Sent as the one file of a multipart/form-data body. */
  file?: Buffer;
  status: number;
  check?: (res: Response) => void;
}

interface Ctx {
  t: TestApp;
  agency: Agency;
  caller: Caller | null;
  session: Session | null;
  /** A login of the agency that the role calls may change freely. */
  target: Login;
}

interface RouteCase {
  method: Method;
  /** As in the OpenAPI document. */
  path: string;
  /** public, any signed-in user, or these roles (a super admin passes every role check, acting in the tenant it names). */
  access: 'public' | 'authenticated' | Role[];
  /** Needs a tenant: a super admin must name one with X-Tenant-Id. */
  tenantScoped: boolean;
  call: (ctx: Ctx) => Promise<Call>;
}

const code = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
const ownEmployee = (ctx: Ctx) => (ctx.caller && ctx.caller !== 'super_admin' ? ctx.agency.people[ctx.caller].employeeId : ctx.agency.people.learner.employeeId);
const freshUnit = async (ctx: Ctx) =>
  (await ctx.t.db.query(`INSERT INTO unit (tenant_id, code, name, parent_id) VALUES ($1, $2, 'Unit uji', $3) RETURNING id`, [ctx.agency.id, code('U'), ctx.agency.units.root]))[0]
    .id as string;

/** A course of the agency in a given state, written directly (its authoring routes are under test). */
const freshCourse = async (ctx: Ctx, state: 'editing' | 'in_review' | 'published') => {
  const doc = publishableCourse({ competencies: [{ competencyId: ctx.agency.competencyId, level: 1, validityMonths: null }] });
  if (state === 'published') return insertPublishedCourse(ctx.t.db, ctx.agency.id, doc);
  const [course] = await ctx.t.db.query(`INSERT INTO course (tenant_id, draft_state) VALUES ($1, $2) RETURNING id`, [ctx.agency.id, state]);
  await ctx.t.db.query(`INSERT INTO course_draft (course_id, tenant_id, document) VALUES ($1, $2, $3)`, [course.id, ctx.agency.id, JSON.stringify(doc)]);
  return course.id as string;
};

/** A ledger entry of a fresh employee, for the routes that correct one. */
const freshEntry = async (ctx: Ctx) => {
  const employeeId = (await createEmployee(ctx.t.db, ctx.agency)).employeeId;
  const { entry } = await ctx.t.db.transaction((tx) =>
    appendLedgerEntry(tx, {
      tenantId: ctx.agency.id, employeeId, competencyId: ctx.agency.competencyId, level: 2, source: 'manual', sourceRef: code('BUKTI-'),
      occurredAt: new Date('2025-01-06T09:00:00+07:00'), recordedBy: null,
    }),
  );
  return { employeeId, entryId: entry.id };
};
/** A ledger entry with an evidence file attached (signing a link needs no stored object). */
const freshEvidenceEntry = async (ctx: Ctx, employeeId: string) => {
  const key = newObjectKey(ctx.agency.id, 'evidence', '.pdf');
  const entryId = await ctx.t.db.transaction(async (tx) => {
    await tx.query(`INSERT INTO evidence_upload (object_key, tenant_id, employee_id, content_type, size, sha256, uploaded_by) VALUES ($1, $2, $3, 'application/pdf', 9, $4, $5)`, [
      key, ctx.agency.id, employeeId, '0'.repeat(64), ctx.agency.people.tenant_admin.userId,
    ]);
    const { entry } = await appendLedgerEntry(tx, {
      tenantId: ctx.agency.id, employeeId, competencyId: ctx.agency.competencyId, level: 2, source: 'manual', sourceRef: code('BUKTI-'),
      evidenceObjectKey: key, occurredAt: new Date('2025-01-06T09:00:00+07:00'), recordedBy: null,
    });
    await tx.query(`UPDATE evidence_upload SET entry_id = $1 WHERE object_key = $2`, [entry.id, key]);
    return entry.id;
  });
  return { employeeId, entryId };
};
/** Enrollment fixtures (issue 5): a fresh open course, and enrollments of the learner (in the supervisor's team) or of the caller. */
const freshOpenCourse = (ctx: Ctx) => courseOf(ctx.t.db, ctx.agency);
const freshEnrollment = async (ctx: Ctx, employeeId: string, status: 'requested' | 'active') =>
  (
    await ctx.t.db.query(
      `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at) VALUES ($1, $2, $3, $4, $5, 'self', $6) RETURNING id`,
      [ctx.agency.id, employeeId, await freshOpenCourse(ctx), status === 'active' ? 1 : null, status, status === 'active' ? new Date() : null],
    )
  )[0].id as string;
const freshAssignment = async (ctx: Ctx) =>
  (
    await ctx.t.db.query(
      `INSERT INTO course_assignment (tenant_id, course_id, target, status, created_by) VALUES ($1, $2, '{"kind":"employees","employeeIds":[]}', 'done', $3) RETURNING id`,
      [ctx.agency.id, await freshOpenCourse(ctx), ctx.caller && ctx.caller !== 'super_admin' ? ctx.agency.people[ctx.caller].userId : null],
    )
  )[0].id as string;
/** A prior-learning claim of the learner (who reports to the supervisor), awaiting a decision. */
const freshClaim = async (ctx: Ctx) =>
  (
    await ctx.t.db.query(
      `INSERT INTO prior_learning (tenant_id, employee_id, competency_id, level, occurred_at, description) VALUES ($1, $2, $3, 2, '2025-01-06', 'Diklat') RETURNING id`,
      [ctx.agency.id, ctx.agency.people.learner.employeeId, ctx.agency.competencyId],
    )
  )[0].id as string;
/** The learner as path parameter: in the supervisor’s team, so every role allowed may act on them. */
const learnerParams = (ctx: Ctx) => ({ employeeId: ctx.agency.people.learner.employeeId });

/** An active enrollment of the caller (of the learner for a super admin) in a fresh delivery course. */
const deliveryEnrollment = async (ctx: Ctx) => insertActiveEnrollment(ctx.t.db, ctx.agency, await insertDeliveryCourse(ctx.t.db, ctx.agency), { employeeId: ownEmployee(ctx) });
const deliveryAttempt = async (ctx: Ctx) => insertOpenAttempt(ctx.t.db, ctx.agency, await deliveryEnrollment(ctx));
/** A valid certificate with its PDF in storage (certificate routes); the learner's unless said otherwise. */
const freshCertificate = (ctx: Ctx, employeeId = ctx.agency.people.learner.employeeId) => insertCertificate(ctx.t, ctx.agency.id, employeeId, ctx.agency.competencyId);

/** An essay of the agency's learner awaiting a grade (grading routes). */
const gradingItem = (ctx: Ctx) => insertGradingItem(ctx.t.db, ctx.agency);
const RUBRIC = [{ id: 'isi', title: 'Isi', levels: [{ id: 'baik', title: 'Baik', points: 4 }] }];

/** Every route of the API, who may call it, and a cheap call that succeeds for those who may. */
const ROUTES: RouteCase[] = [
  { method: 'get', path: '/health', access: 'public', tenantScoped: false, call: async () => ({ status: 200 }) },
  { method: 'get', path: '/health/ready', access: 'public', tenantScoped: false, call: async () => ({ status: 200 }) },
  // Public routes prove they were reached by answering the validation of their (empty) body.
  { method: 'post', path: '/api/v1/auth/login', access: 'public', tenantScoped: false, call: async () => ({ body: {}, status: 400 }) },
  { method: 'post', path: '/api/v1/auth/refresh', access: 'public', tenantScoped: false, call: async () => ({ body: {}, status: 400 }) },
  {
    method: 'post', path: '/api/v1/auth/logout', access: 'authenticated', tenantScoped: false,
    call: async (ctx) => ({ body: { refreshToken: ctx.session?.refreshToken ?? `${randomUUID()}.${'A'.repeat(43)}` }, status: 204 }),
  },
  {
    method: 'post', path: '/api/v1/auth/password', access: 'authenticated', tenantScoped: false,
    // Reaching the handler is shown by its own verdict on the current password; nothing changes.
    call: async () => ({
      body: { currentPassword: 'BukanSandi#2026', newPassword: 'SandiBaru#2030' },
      status: 400,
      check: (res) => expect(fieldRules(res)).toEqual(['currentPassword:wrongPassword']),
    }),
  },
  { method: 'get', path: '/api/v1/auth/me', access: 'authenticated', tenantScoped: false, call: async () => ({ status: 200 }) },
  { method: 'get', path: '/api/v1/tenants', access: ['super_admin'], tenantScoped: false, call: async () => ({ status: 200 }) },
  {
    method: 'post', path: '/api/v1/tenants', access: ['super_admin'], tenantScoped: false,
    call: async () => ({ body: { code: code('A'), name: 'Instansi Uji Akses', timeZone: 'WITA' }, status: 201 }),
  },
  { method: 'get', path: '/api/v1/tenants/current', access: 'authenticated', tenantScoped: true, call: async () => ({ status: 200 }) },
  { method: 'patch', path: '/api/v1/tenants/current', access: ['tenant_admin'], tenantScoped: true, call: async () => ({ body: { shortName: 'Uji' }, status: 200 }) },
  { method: 'get', path: '/api/v1/units', access: 'authenticated', tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'post', path: '/api/v1/units', access: ['tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ body: { code: code('U'), name: 'Unit baru', parentId: ctx.agency.units.root }, status: 201 }),
  },
  { method: 'get', path: '/api/v1/units/tree', access: 'authenticated', tenantScoped: true, call: async () => ({ status: 200 }) },
  { method: 'get', path: '/api/v1/units/{id}', access: 'authenticated', tenantScoped: true, call: async (ctx) => ({ id: ctx.agency.units.child, status: 200 }) },
  {
    method: 'patch', path: '/api/v1/units/{id}', access: ['tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await freshUnit(ctx), body: { name: 'Unit berganti nama' }, status: 200 }),
  },
  { method: 'delete', path: '/api/v1/units/{id}', access: ['tenant_admin'], tenantScoped: true, call: async (ctx) => ({ id: await freshUnit(ctx), status: 204 }) },
  { method: 'get', path: '/api/v1/positions', access: 'authenticated', tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'post', path: '/api/v1/positions', access: ['tenant_admin'], tenantScoped: true,
    call: async () => ({ body: { code: code('P'), name: 'Analis', positionClass: 'fungsional' }, status: 201 }),
  },
  { method: 'get', path: '/api/v1/positions/{id}', access: 'authenticated', tenantScoped: true, call: async (ctx) => ({ id: ctx.agency.positions.staff, status: 200 }) },
  {
    method: 'patch', path: '/api/v1/positions/{id}', access: ['tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: ctx.agency.positions.staff, body: { name: 'Jabatan Pelaksana' }, status: 200 }),
  },
  { method: 'get', path: '/api/v1/employees', access: 'authenticated', tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'post', path: '/api/v1/employees', access: ['tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({
      body: {
        nip: validNip(), fullName: 'Pegawai Baru', email: `baru.${randomUUID().slice(0, 8)}@uji.go.id`,
        unitId: ctx.agency.units.child, positionId: ctx.agency.positions.staff,
      },
      status: 201,
    }),
  },
  {
    method: 'get', path: '/api/v1/employees/export', access: ['tenant_admin'], tenantScoped: true,
    call: async () => ({ status: 200, check: (res) => expect(res.headers['content-type']).toMatch(/^text\/csv/) }),
  },
  {
    method: 'post', path: '/api/v1/employees/import', access: ['tenant_admin'], tenantScoped: true,
    call: async () => ({
      query: 'dryRun=true',
      csv: `nip,full_name,email,unit_code,position_code\n${validNip()},Pegawai Impor,impor.${randomUUID().slice(0, 8)}@uji.go.id,BKPSDM,PELAKSANA\n`,
      status: 200,
      check: (res) => expect(res.body).toMatchObject({ dryRun: true, valid: 1, written: false }),
    }),
  },
  { method: 'get', path: '/api/v1/employees/{id}', access: 'authenticated', tenantScoped: true, call: async (ctx) => ({ id: ownEmployee(ctx), status: 200 }) },
  {
    method: 'patch', path: '/api/v1/employees/{id}', access: ['tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: (await createEmployee(ctx.t.db, ctx.agency)).employeeId, body: { fullName: 'Nama Diperbarui' }, status: 200 }),
  },
  {
    method: 'get', path: '/api/v1/employees/{id}/placements', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ id: ownEmployee(ctx), status: 200 }),
  },
  {
    method: 'post', path: '/api/v1/employees/{id}/transfer', access: ['tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: (await createEmployee(ctx.t.db, ctx.agency)).employeeId, body: { unitId: ctx.agency.units.other }, status: 201 }),
  },
  { method: 'get', path: '/api/v1/competencies', access: 'authenticated', tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'post', path: '/api/v1/competencies', access: ['training_admin', 'tenant_admin'], tenantScoped: true,
    call: async () => ({ body: { code: code('TK.'), name: 'Kompetensi uji akses', levels: [{ level: 1, description: 'Dasar' }] }, status: 201 }),
  },
  { method: 'get', path: '/api/v1/competencies/framework', access: 'authenticated', tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'get', path: '/api/v1/competencies/export', access: ['training_admin', 'tenant_admin'], tenantScoped: true,
    call: async () => ({ status: 200, check: (res) => expect(res.headers['content-type']).toMatch(/^text\/csv/) }),
  },
  {
    method: 'post', path: '/api/v1/competencies/import', access: ['training_admin', 'tenant_admin'], tenantScoped: true,
    call: async () => ({
      query: 'dryRun=true',
      csv: `code,name,level,level_description\n${code('TK.')},Kompetensi impor,1,Dasar\n`,
      status: 200,
      check: (res) => expect(res.body).toMatchObject({ dryRun: true, created: 1, written: false }),
    }),
  },
  {
    method: 'get', path: '/api/v1/competencies/{id}', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ id: ctx.agency.competencyId, status: 200 }),
  },
  {
    method: 'patch', path: '/api/v1/competencies/{id}', access: ['training_admin', 'tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: (await insertCompetency(ctx.t.db, ctx.agency.id)).id, body: { name: 'Nama baru', revision: 1 }, status: 200 }),
  },
  {
    method: 'post', path: '/api/v1/competencies/{id}/retire', access: ['training_admin', 'tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: (await insertCompetency(ctx.t.db, ctx.agency.id)).id, status: 200 }),
  },
  {
    method: 'post', path: '/api/v1/competencies/{id}/restore', access: ['training_admin', 'tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: (await insertCompetency(ctx.t.db, ctx.agency.id, { retired: true })).id, status: 200 }),
  },
  { method: 'get', path: '/api/v1/courses', access: ['training_admin'], tenantScoped: true, call: async () => ({ status: 200 }) },
  { method: 'post', path: '/api/v1/courses', access: ['training_admin'], tenantScoped: true, call: async () => ({ body: { title: 'Kursus uji akses' }, status: 201 }) },
  { method: 'get', path: '/api/v1/courses/{id}', access: ['training_admin'], tenantScoped: true, call: async (ctx) => ({ id: await freshCourse(ctx, 'editing'), status: 200 }) },
  {
    method: 'put', path: '/api/v1/courses/{id}/draft', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await freshCourse(ctx, 'editing'), body: { revision: 1, document: publishableCourse({ competencies: [] }) }, status: 200 }),
  },
  { method: 'get', path: '/api/v1/courses/{id}/checks', access: ['training_admin'], tenantScoped: true, call: async (ctx) => ({ id: await freshCourse(ctx, 'editing'), status: 200 }) },
  { method: 'post', path: '/api/v1/courses/{id}/submit', access: ['training_admin'], tenantScoped: true, call: async (ctx) => ({ id: await freshCourse(ctx, 'editing'), status: 200 }) },
  { method: 'post', path: '/api/v1/courses/{id}/return', access: ['training_admin'], tenantScoped: true, call: async (ctx) => ({ id: await freshCourse(ctx, 'in_review'), status: 200 }) },
  { method: 'post', path: '/api/v1/courses/{id}/publish', access: ['training_admin'], tenantScoped: true, call: async (ctx) => ({ id: await freshCourse(ctx, 'in_review'), status: 201 }) },
  { method: 'post', path: '/api/v1/courses/{id}/archive', access: ['training_admin'], tenantScoped: true, call: async (ctx) => ({ id: await freshCourse(ctx, 'editing'), status: 200 }) },
  {
    method: 'get', path: '/api/v1/courses/{id}/versions/{version}', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await freshCourse(ctx, 'published'), params: { version: '1' }, status: 200 }),
  },
  {
    method: 'get', path: '/api/v1/courses/{id}/diff', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await freshCourse(ctx, 'published'), query: 'from=1&to=0', status: 200 }),
  },
  {
    method: 'post', path: '/api/v1/courses/{id}/uploads', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await freshCourse(ctx, 'editing'), body: { kind: 'document', contentType: 'application/pdf', size: 1024 }, status: 201 }),
  },
  {
    // Reaching the handler is shown by its verdict on a pending upload whose file never arrived.
    method: 'post', path: '/api/v1/courses/{id}/uploads/{uploadId}/complete', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => {
      const id = await freshCourse(ctx, 'editing');
      const [upload] = await ctx.t.db.query(
        `INSERT INTO course_upload (tenant_id, course_id, kind, object_key, declared_type, declared_size, created_by) VALUES ($1, $2, 'document', $3, 'application/pdf', 9, $4) RETURNING id`,
        [ctx.agency.id, id, newObjectKey(ctx.agency.id, 'course-media', '.pdf'), ctx.agency.people.training_admin.userId],
      );
      return { id, params: { uploadId: upload.id }, status: 409 };
    },
  },
  { method: 'get', path: '/api/v1/users', access: ['tenant_admin'], tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'post', path: '/api/v1/users', access: ['tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({
      body: { employeeId: (await createEmployee(ctx.t.db, ctx.agency)).employeeId, password: 'SandiAwal#2026', roles: ['learner'] },
      status: 201,
    }),
  },
  { method: 'get', path: '/api/v1/users/{id}', access: ['tenant_admin'], tenantScoped: true, call: async (ctx) => ({ id: ctx.target.userId, status: 200 }) },
  {
    method: 'patch', path: '/api/v1/users/{id}', access: ['tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: ctx.target.userId, body: { disabled: false }, status: 200 }),
  },
  {
    method: 'put', path: '/api/v1/users/{id}/roles', access: ['tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: ctx.target.userId, body: { roles: ['learner', 'grader'] }, status: 200 }),
  },
  { method: 'get', path: '/api/v1/audit-log', access: ['tenant_admin'], tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'get', path: '/api/v1/employees/{employeeId}/ledger', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ params: { employeeId: ownEmployee(ctx) }, status: 200 }),
  },
  {
    method: 'get', path: '/api/v1/employees/{employeeId}/ledger/verify', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ params: { employeeId: ownEmployee(ctx) }, status: 200, check: (res) => expect(res.body.valid).toBe(true) }),
  },
  {
    method: 'post', path: '/api/v1/employees/{employeeId}/ledger', access: ['supervisor', 'training_admin', 'tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({
      params: learnerParams(ctx),
      body: { competencyId: ctx.agency.competencyId, level: 2, source: 'assessment', sourceRef: code('AC-'), occurredAt: '2025-01-06T09:00:00+07:00' },
      status: 201,
    }),
  },
  {
    method: 'post', path: '/api/v1/employees/{employeeId}/ledger/{entryId}/revoke', access: ['training_admin', 'tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ params: await freshEntry(ctx), body: { reason: 'Bukti keliru' }, status: 201 }),
  },
  {
    method: 'post', path: '/api/v1/employees/{employeeId}/ledger/{entryId}/adjust', access: ['training_admin', 'tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ params: await freshEntry(ctx), body: { level: 3, reason: 'Koreksi' }, status: 201 }),
  },
  {
    method: 'post', path: '/api/v1/employees/{employeeId}/ledger/evidence', access: ['supervisor', 'training_admin', 'tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ params: learnerParams(ctx), file: Buffer.from('%PDF-1.4\n%%EOF\n'), status: 201 }),
  },
  {
    method: 'get', path: '/api/v1/employees/{employeeId}/ledger/{entryId}/evidence', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ params: await freshEvidenceEntry(ctx, ownEmployee(ctx)), status: 200, check: (res) => expect(res.body.expiresInSeconds).toBe(300) }),
  },
  { method: 'get', path: '/api/v1/catalog', access: 'authenticated', tenantScoped: true, call: async () => ({ query: 'q=pelayanan', status: 200 }) },
  {
    method: 'get', path: '/api/v1/catalog/{courseId}', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({
      params: { courseId: await insertPublishedCourse(ctx.t.db, ctx.agency.id, publishableCourse({ competencies: [{ competencyId: ctx.agency.competencyId, level: 1, validityMonths: null }] })) },
      status: 200,
    }),
  },
  {
    method: 'get', path: '/api/v1/employees/{employeeId}/recommendations', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ params: { employeeId: ownEmployee(ctx) }, status: 200 }),
  },
  {
    method: 'get', path: '/api/v1/employees/{employeeId}/profile', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ params: { employeeId: ownEmployee(ctx) }, status: 200 }),
  },
  {
    method: 'get', path: '/api/v1/employees/{employeeId}/jp', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ params: { employeeId: ownEmployee(ctx) }, status: 200 }),
  },
  {
    method: 'post', path: '/api/v1/employees/{employeeId}/jp-credits', access: ['training_admin', 'tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({
      params: learnerParams(ctx),
      body: { minutes: 90, occurredAt: '2025-01-06T09:00:00+07:00', source: 'external_training', sourceRef: code('BPSDM-') },
      status: 201,
    }),
  },
  {
    method: 'get', path: '/api/v1/positions/{positionId}/standard', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ params: { positionId: ctx.agency.positions.staff }, status: 200 }),
  },
  {
    method: 'put', path: '/api/v1/positions/{positionId}/standard', access: ['tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ params: { positionId: ctx.agency.positions.staff }, body: { items: [] }, status: 200 }),
  },
  { method: 'get', path: '/api/v1/reports/gap-heatmap', access: ['training_admin', 'tenant_admin'], tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'get', path: '/api/v1/reports/jp-compliance', access: ['training_admin', 'tenant_admin'], tenantScoped: true,
    call: async () => ({ query: 'format=csv', status: 200, check: (res) => expect(res.headers['content-type']).toMatch(/^text\/csv/) }),
  },
  {
    method: 'get', path: '/api/v1/reports/course-completion', access: ['training_admin', 'tenant_admin'], tenantScoped: true,
    call: async () => ({ query: 'format=csv', status: 200, check: (res) => expect(res.headers['content-type']).toMatch(/^text\/csv/) }),
  },
  { method: 'get', path: '/api/v1/team/gaps', access: ['supervisor'], tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    // Anyone signed in claims for themselves; a super admin is no employee and has nothing to claim for.
    method: 'post', path: '/api/v1/prior-learning', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({
      body: { competencyId: ctx.agency.competencyId, level: 2, occurredAt: '2025-01-06T09:00:00+07:00', description: 'Diklat teknis' },
      status: ctx.caller === 'super_admin' ? 403 : 201,
    }),
  },
  { method: 'get', path: '/api/v1/prior-learning', access: 'authenticated', tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'post', path: '/api/v1/prior-learning/{id}/accept', access: ['supervisor', 'training_admin', 'tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await freshClaim(ctx), body: {}, status: 200 }),
  },
  {
    method: 'post', path: '/api/v1/prior-learning/{id}/reject', access: ['supervisor', 'training_admin', 'tenant_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await freshClaim(ctx), body: { note: 'Bukti kurang' }, status: 200 }),
  },
  // Enrollment, assignment and the dashboards (issue 5). A super admin is no employee: it has no courses of its own.
  {
    method: 'post', path: '/api/v1/enrollments', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ body: { courseId: await freshOpenCourse(ctx) }, status: ctx.caller === 'super_admin' ? 403 : 201 }),
  },
  { method: 'get', path: '/api/v1/enrollments', access: 'authenticated', tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'get', path: '/api/v1/enrollments/{id}', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ id: await freshEnrollment(ctx, ownEmployee(ctx), 'active'), status: 200 }),
  },
  {
    method: 'post', path: '/api/v1/enrollments/{id}/approve', access: ['supervisor', 'training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await freshEnrollment(ctx, ctx.agency.people.learner.employeeId, 'requested'), body: {}, status: 200 }),
  },
  {
    method: 'post', path: '/api/v1/enrollments/{id}/reject', access: ['supervisor', 'training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await freshEnrollment(ctx, ctx.agency.people.learner.employeeId, 'requested'), body: { note: 'Kuota penuh' }, status: 200 }),
  },
  {
    method: 'post', path: '/api/v1/enrollments/{id}/withdraw', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ id: await freshEnrollment(ctx, ownEmployee(ctx), 'active'), body: {}, status: 200 }),
  },
  {
    method: 'post', path: '/api/v1/courses/{courseId}/assignments', access: ['supervisor', 'training_admin'], tenantScoped: true,
    call: async (ctx) => ({
      params: { courseId: await freshOpenCourse(ctx) },
      body: { target: { kind: 'employees', employeeIds: [ctx.agency.people.learner.employeeId] } },
      status: 202,
    }),
  },
  {
    method: 'post', path: '/api/v1/courses/{courseId}/assignments/csv', access: ['supervisor', 'training_admin'], tenantScoped: true,
    call: async (ctx) => ({
      params: { courseId: await freshOpenCourse(ctx) },
      query: 'dryRun=true',
      csv: `nip\n${ctx.agency.people.learner.nip}\n`,
      status: 200,
      check: (res) => expect(res.body.report).toMatchObject({ valid: 1, written: false }),
    }),
  },
  {
    method: 'get', path: '/api/v1/courses/{courseId}/assignments', access: ['supervisor', 'training_admin'], tenantScoped: true,
    call: async (ctx) => ({ params: { courseId: await freshOpenCourse(ctx) }, status: 200 }),
  },
  {
    method: 'get', path: '/api/v1/assignments/{id}', access: ['supervisor', 'training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await freshAssignment(ctx), status: 200 }),
  },
  { method: 'get', path: '/api/v1/me/courses', access: 'authenticated', tenantScoped: true, call: async (ctx) => ({ status: ctx.caller === 'super_admin' ? 403 : 200 }) },
  { method: 'get', path: '/api/v1/me/dashboard', access: 'authenticated', tenantScoped: true, call: async (ctx) => ({ status: ctx.caller === 'super_admin' ? 403 : 200 }) },
  { method: 'get', path: '/api/v1/team/progress', access: ['supervisor'], tenantScoped: true, call: async () => ({ status: 200 }) },
  // Notifications: one's own inbox and preferences; a super admin is no employee (403).
  { method: 'get', path: '/api/v1/me/notifications', access: 'authenticated', tenantScoped: true, call: async (ctx) => ({ status: ctx.caller === 'super_admin' ? 403 : 200 }) },
  { method: 'get', path: '/api/v1/me/notifications/unread-count', access: 'authenticated', tenantScoped: true, call: async (ctx) => ({ status: ctx.caller === 'super_admin' ? 403 : 200 }) },
  { method: 'post', path: '/api/v1/me/notifications/read-all', access: 'authenticated', tenantScoped: true, call: async (ctx) => ({ status: ctx.caller === 'super_admin' ? 403 : 200 }) },
  {
    method: 'post', path: '/api/v1/me/notifications/{id}/read', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => {
      const [row] = await ctx.t.db.query(
        `INSERT INTO notification (tenant_id, employee_id, kind, dedupe_key, locale, title, body) VALUES ($1, $2, 'reminder.due', $3, 'id', 'Judul', 'Isi') RETURNING id`,
        [ctx.agency.id, ownEmployee(ctx), `access:${randomUUID()}`],
      );
      return { id: row.id, status: ctx.caller === 'super_admin' ? 403 : 200 };
    },
  },
  { method: 'get', path: '/api/v1/me/notification-preferences', access: 'authenticated', tenantScoped: true, call: async (ctx) => ({ status: ctx.caller === 'super_admin' ? 403 : 200 }) },
  {
    method: 'put', path: '/api/v1/me/notification-preferences', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ body: { locale: 'id', emailEnabled: true, disabledKinds: [] }, status: ctx.caller === 'super_admin' ? 403 : 200 }),
  },
  // Queue health: queues are shared, so no tenant is needed; unknown job ids are 404.
  { method: 'get', path: '/api/v1/queues', access: ['training_admin', 'tenant_admin'], tenantScoped: false, call: async () => ({ status: 200 }) },
  { method: 'get', path: '/api/v1/queues/{name}/failed', access: ['training_admin', 'tenant_admin'], tenantScoped: false, call: async () => ({ params: { name: 'notifications' }, status: 200 }) },
  { method: 'post', path: '/api/v1/queues/jobs/{jobId}/retry', access: ['tenant_admin'], tenantScoped: false, call: async () => ({ params: { jobId: randomUUID() }, status: 404 }) },
  { method: 'delete', path: '/api/v1/queues/jobs/{jobId}', access: ['tenant_admin'], tenantScoped: false, call: async () => ({ params: { jobId: randomUUID() }, status: 404 }) },
  // Delivery: the enrollment's own learner only; a super admin is no employee, so finds none (404).
  {
    method: 'get', path: '/api/v1/enrollments/{id}/content', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ id: await deliveryEnrollment(ctx), status: ctx.caller === 'super_admin' ? 404 : 200 }),
  },
  {
    method: 'get', path: '/api/v1/enrollments/{id}/lessons/{lessonId}', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ id: await deliveryEnrollment(ctx), params: { lessonId: 'l1' }, status: ctx.caller === 'super_admin' ? 404 : 200 }),
  },
  {
    method: 'post', path: '/api/v1/enrollments/{id}/progress', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ id: await deliveryEnrollment(ctx), body: { events: [{ id: randomUUID(), lessonId: 'l1', secondsSpent: 5 }] }, status: ctx.caller === 'super_admin' ? 404 : 200 }),
  },
  {
    method: 'post', path: '/api/v1/enrollments/{id}/quizzes/{lessonId}/attempts', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ id: await deliveryEnrollment(ctx), params: { lessonId: 'l4' }, status: ctx.caller === 'super_admin' ? 404 : 201 }),
  },
  {
    method: 'get', path: '/api/v1/attempts/{attemptId}', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ params: { attemptId: await deliveryAttempt(ctx) }, status: ctx.caller === 'super_admin' ? 404 : 200 }),
  },
  {
    method: 'put', path: '/api/v1/attempts/{attemptId}/answers', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ params: { attemptId: await deliveryAttempt(ctx) }, body: { answers: { q1: 'o1' } }, status: ctx.caller === 'super_admin' ? 404 : 200 }),
  },
  {
    method: 'post', path: '/api/v1/attempts/{attemptId}/submit', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ params: { attemptId: await deliveryAttempt(ctx) }, status: ctx.caller === 'super_admin' ? 404 : 200 }),
  },  // Assignment submissions (issue 6): the caller's own enrollment; a super admin has none (404).
  {
    method: 'post', path: '/api/v1/enrollments/{id}/assignments/{lessonId}/submissions', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ id: await deliveryEnrollment(ctx), params: { lessonId: 'l6' }, body: { contentType: 'application/pdf', size: 100 }, status: ctx.caller === 'super_admin' ? 404 : 201 }),
  },
  {
    method: 'get', path: '/api/v1/enrollments/{id}/assignments/{lessonId}/submissions', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ id: await deliveryEnrollment(ctx), params: { lessonId: 'l6' }, status: ctx.caller === 'super_admin' ? 404 : 200 }),
  },
  {
    method: 'post', path: '/api/v1/assignment-submissions/{submissionId}/complete', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ params: { submissionId: await insertSubmission(ctx.t.db, ctx.agency, await deliveryEnrollment(ctx)) }, status: ctx.caller === 'super_admin' ? 404 : 200 }),
  },
  {
    method: 'get', path: '/api/v1/assignment-submissions/{submissionId}', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ params: { submissionId: await insertSubmission(ctx.t.db, ctx.agency, await deliveryEnrollment(ctx)) }, status: ctx.caller === 'super_admin' ? 404 : 200 }),
  },
  // Grading by people: graders and training admins of the agency (rubrics written by training admins).
  { method: 'get', path: '/api/v1/grading/inbox', access: ['grader', 'training_admin'], tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'get', path: '/api/v1/grading/items/{id}', access: ['grader', 'training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: (await gradingItem(ctx)).itemId, status: 200 }),
  },
  {
    method: 'post', path: '/api/v1/grading/items/{id}/grade', access: ['grader', 'training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: (await gradingItem(ctx)).itemId, body: { revision: 0, points: 3, feedback: 'Baik.' }, status: 200 }),
  },
  {
    method: 'get', path: '/api/v1/grading/rubrics/{courseId}/{questionId}', access: ['grader', 'training_admin'], tenantScoped: true,
    call: async (ctx) => ({ params: { courseId: (await gradingItem(ctx)).courseId, questionId: 'q6' }, status: 200 }),
  },
  {
    method: 'put', path: '/api/v1/grading/rubrics/{courseId}/{questionId}', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => ({ params: { courseId: (await gradingItem(ctx)).courseId, questionId: 'q6' }, body: { criteria: RUBRIC }, status: 200 }),
  },
  {
    method: 'put', path: '/api/v1/courses/{courseId}/versions/{version}/questions/{questionId}/answer-key', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => ({ params: { courseId: await freshCourse(ctx, 'published'), version: '1', questionId: 'q1' }, body: { correctOptionIds: ['o1'], reason: 'Kunci dikonfirmasi.' }, status: 200 }),
  },
  // Certificates (issue 7): rows written as the generator leaves them (certificates/certificate-fixtures.ts).
  { method: 'get', path: '/api/v1/me/certificates', access: 'authenticated', tenantScoped: true, call: async (ctx) => ({ status: ctx.caller === 'super_admin' ? 403 : 200 }) },
  {
    method: 'get', path: '/api/v1/certificates/{id}/download', access: 'authenticated', tenantScoped: true,
    call: async (ctx) => ({ id: (await freshCertificate(ctx, ownEmployee(ctx))).id, status: 200, check: (res) => expect(res.body.expiresInSeconds).toBe(300) }),
  },
  {
    method: 'post', path: '/api/v1/certificates/{id}/revoke', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: (await freshCertificate(ctx)).id, body: { reason: 'Data peserta keliru' }, status: 200 }),
  },
  {
    method: 'get', path: '/api/v1/certificates/verify/{code}', access: 'public', tenantScoped: false,
    call: async (ctx) => ({ params: { code: (await freshCertificate(ctx)).code }, status: 200, check: (res) => expect(res.body.state).toBe('valid') }),
  },
  {
    method: 'post', path: '/api/v1/certificates/verify/{code}/file', access: 'public', tenantScoped: false,
    call: async (ctx) => {
      const cert = await freshCertificate(ctx);
      return { params: { code: cert.code }, file: cert.pdf, status: 200, check: (res) => expect(res.body.matches).toBe(true) };
    },
  },
  {
    method: 'post', path: '/api/v1/certificates/{id}/reissue', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: (await freshCertificate(ctx)).id, body: { reason: 'Nama peserta dikoreksi' }, status: 202 }),
  },
  {
    method: 'get', path: '/api/v1/courses/{courseId}/certificates.zip', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => {
      const [row] = await ctx.t.db.query(`SELECT course_id FROM certificate WHERE id = $1`, [(await freshCertificate(ctx)).id]);
      return { params: { courseId: row.course_id }, status: 200 };
    },
  },
  { method: 'get', path: '/api/v1/certificate-templates', access: ['training_admin'], tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'post', path: '/api/v1/certificate-templates', access: ['training_admin'], tenantScoped: true,
    call: async () => ({ body: { name: 'Teknis', html: '<p>{{holderName}}</p>', orientation: 'landscape' }, status: 201 }),
  },
  {
    method: 'get', path: '/api/v1/certificate-templates/{id}', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await insertTemplate(ctx.t, ctx.agency.id, ctx.agency.people.training_admin.userId), status: 200 }),
  },
  {
    method: 'put', path: '/api/v1/certificate-templates/{id}', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => ({
      id: await insertTemplate(ctx.t, ctx.agency.id, ctx.agency.people.training_admin.userId), body: { name: 'Teknis', html: '<p>{{number}}</p>', orientation: 'portrait' }, status: 200,
      check: (res) => expect(res.body.version).toBe(2),
    }),
  },
  {
    method: 'post', path: '/api/v1/certificate-templates/{id}/preview', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await insertTemplate(ctx.t, ctx.agency.id, ctx.agency.people.training_admin.userId), status: 200 }),
  },
  { method: 'get', path: '/api/v1/certificate-assets', access: ['training_admin'], tenantScoped: true, call: async () => ({ status: 200 }) },
  {
    method: 'post', path: '/api/v1/certificate-assets', access: ['training_admin'], tenantScoped: true,
    call: async () => ({ body: { name: `logo-${randomUUID().slice(0, 8)}`, contentType: 'image/png', size: PIXEL_PNG.length }, status: 201 }),
  },
  {
    method: 'post', path: '/api/v1/certificate-assets/{id}/complete', access: ['training_admin'], tenantScoped: true,
    call: async (ctx) => ({ id: await insertPendingAsset(ctx.t, ctx.agency.id, ctx.agency.people.training_admin.userId), status: 200 }),
  },
  { method: 'get', path: '/verify/{code}', access: 'public', tenantScoped: false, call: async (ctx) => ({ params: { code: (await freshCertificate(ctx)).code }, status: 200 }) },
];

const routeName = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

/** The roles each test login holds (as createAgency grants them). */
const ROLES_OF: Record<Exclude<Caller, 'super_admin'>, Role[]> = {
  learner: ['learner'],
  supervisor: ['learner', 'supervisor'],
  grader: ['learner', 'grader'],
  training_admin: ['learner', 'training_admin'],
  tenant_admin: ['learner', 'tenant_admin'],
};

function mayCall(caller: Caller, route: RouteCase): boolean {
  if (route.access === 'public' || route.access === 'authenticated') return true;
  if (caller === 'super_admin') return true;
  return route.access.some((r) => ROLES_OF[caller].includes(r));
}

function send(t: TestApp, route: RouteCase, call: Call, headers: Record<string, string>) {
  const url = `${route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' ? call.id : call.params?.[name]) ?? randomUUID())}${call.query ? `?${call.query}` : ''}`;
  const req = t.http()[route.method](url);
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  if (call.csv !== undefined) return req.set('Content-Type', 'text/csv').send(call.csv);
  if (call.file) return req.attach('file', call.file, { filename: 'bukti.pdf', contentType: 'application/pdf' });
  return call.body === undefined ? req : req.send(call.body as object);
}

describe('role boundaries on every route', () => {
  let t: TestApp;
  let agency: Agency;
  let target: Login;
  const sessions = {} as Record<Caller, Session>;
  const headersOf = (caller: Caller, withTenant = true): Record<string, string> => ({
    Authorization: `Bearer ${sessions[caller].accessToken}`,
    ...(caller === 'super_admin' && withTenant ? { 'X-Tenant-Id': agency.id } : {}),
  });

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    target = await createLogin(t.db, agency, ['learner']);
    const sa = await createSuperAdmin(t.db);
    for (const caller of Object.keys(ROLES_OF) as Exclude<Caller, 'super_admin'>[]) sessions[caller] = await signIn(t, agency.people[caller].email);
    sessions.super_admin = await signIn(t, sa.email);
  });
  afterAll(() => t.app.close());

  describe('the table covers the API', () => {
    const table = () => new Set(ROUTES.map(routeName));

    it('lists every operation of the OpenAPI document, and nothing else', async () => {
      const res = await t.http().get('/api/docs-json').expect(200);
      const documented = new Set<string>();
      for (const [path, ops] of Object.entries(res.body.paths as Record<string, Record<string, unknown>>)) {
        for (const method of Object.keys(ops)) documented.add(routeName({ method, path }));
      }
      expect([...documented].sort()).toEqual([...table()].sort());
    });

    it('lists every route registered with the HTTP server, documented or not', () => {
      type Layer = { route?: { path: string; methods: Record<string, boolean> } };
      const express = t.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
      const registered = new Set<string>();
      for (const layer of express.router.stack) {
        if (!layer.route) continue;
        const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') registered.add(routeName({ method, path }));
      }
      // Swagger UI and its JSON are served by the documentation module, outside our controllers.
      // Portal pages (outside /api and /health) have their own table: portal/portal-access.integration-spec.ts.
      // The QR codes' verification page is documented with the API.
      const ours = [...registered].filter((r) => !/ \/api\/docs/.test(r) && (/ \/(api|health)(\/|$)/.test(r) || r === 'GET /verify/{code}'));
      expect(ours.sort()).toEqual([...table()].sort());
    });
  });

  describe('without a token', () => {
    it.each(ROUTES.map((r) => [routeName(r), r] as const))('%s', async (_name, route) => {
      const call = await route.call({ t, agency, caller: null, session: null, target });
      const res = await send(t, route, call, {});
      if (route.access === 'public') {
        expect(res.status).toBe(call.status);
      } else {
        expectProblem(res, 401, 'auth.tokenMissing');
      }
    });
  });

  describe.each(['learner', 'supervisor', 'grader', 'training_admin', 'tenant_admin', 'super_admin'] as Caller[])('as %s', (caller) => {
    it.each(ROUTES.map((r) => [routeName(r), r] as const))('%s', async (_name, route) => {
      const call = await route.call({ t, agency, caller, session: sessions[caller], target });
      const res = await send(t, route, call, headersOf(caller));
      if (mayCall(caller, route)) {
        expect(`${res.status} ${JSON.stringify(res.body)}`).toMatch(new RegExp(`^${call.status} `));
        call.check?.(res);
      } else {
        expectProblem(res, 403, 'auth.forbiddenRole');
      }
    });
  });

  describe('a super admin choosing the agency with X-Tenant-Id', () => {
    let session: Session;
    beforeAll(async () => {
      session = await signIn(t, (await createSuperAdmin(t.db)).email);
    });

    describe('without the header: 400 auth.tenantRequired on every tenant-scoped route, the others work', () => {
      it.each(ROUTES.filter((r) => r.access !== 'public').map((r) => [routeName(r), r] as const))('%s', async (_name, route) => {
        const call = await route.call({ t, agency, caller: 'super_admin', session, target });
        const res = await send(t, route, call, { Authorization: `Bearer ${session.accessToken}` });
        if (route.tenantScoped) {
          expectProblem(res, 400, 'auth.tenantRequired');
        } else {
          expect(`${res.status} ${JSON.stringify(res.body)}`).toMatch(new RegExp(`^${call.status} `));
        }
      });
    });

    it('is refused with 400 naming X-Tenant-Id when the header names no agency, and nothing is written', async () => {
      const nowhere = randomUUID();
      const unitCode = code('N');
      const attempts = [
        t.http().get('/api/v1/units'),
        t.http().get('/api/v1/tenants/current'),
        t.http().post('/api/v1/units').send({ code: unitCode, name: 'Unit tanpa instansi' }),
      ];
      for (const attempt of attempts) {
        const res = await attempt.set('Authorization', `Bearer ${session.accessToken}`).set('X-Tenant-Id', nowhere);
        expect(`${res.status} ${JSON.stringify(res.body)}`).toMatch(/^400 /);
        expect(fieldRules(res)).toEqual(['X-Tenant-Id:notFound']);
      }
      expect(await t.db.query(`SELECT 1 FROM unit WHERE code = $1`, [unitCode])).toEqual([]);
    });

    it('is refused with 400 naming X-Tenant-Id when the header is not a UUID', async () => {
      for (const path of ['/api/v1/units', '/api/v1/tenants', '/api/v1/auth/me']) {
        const res = await t.http().get(path).set('Authorization', `Bearer ${session.accessToken}`).set('X-Tenant-Id', 'not-a-uuid');
        expect(res.status).toBe(400);
        expect(res.body.status).toBe(400);
        expect(fieldRules(res)).toEqual(['X-Tenant-Id:isUuid']);
      }
    });

    it('acts in exactly the tenant it names', async () => {
      const other = await createAgency(t.db);
      const res = await t.http().get('/api/v1/units').set('Authorization', `Bearer ${session.accessToken}`).set('X-Tenant-Id', other.id).expect(200);
      expect(res.body.items.map((u: { id: string }) => u.id).sort()).toEqual(Object.values(other.units).sort());
    });
  });

  describe('agencies themselves', () => {
    it('may be listed and created only by a super admin', async () => {
      for (const caller of Object.keys(ROLES_OF) as Caller[]) {
        expectProblem(await t.http().get('/api/v1/tenants').set(headersOf(caller)), 403, 'auth.forbiddenRole');
        const refused = code('X');
        const created = await t.http().post('/api/v1/tenants').set(headersOf(caller)).send({ code: refused, name: 'Tidak boleh', timeZone: 'WIB' });
        expectProblem(created, 403, 'auth.forbiddenRole');
        expect(await t.db.query(`SELECT 1 FROM tenant WHERE code = $1`, [refused])).toEqual([]);
      }
      const tenantCode = code('S');
      const created = await t.http().post('/api/v1/tenants').set(headersOf('super_admin', false)).send({ code: tenantCode, name: 'Instansi Baru', timeZone: 'WIT' }).expect(201);
      expect(created.body).toMatchObject({ code: tenantCode, timeZone: 'WIT' });
      const listed = await t.http().get(`/api/v1/tenants?q=${tenantCode}`).set(headersOf('super_admin', false)).expect(200);
      expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([created.body.id]);
    });

  });

  describe('deny by default', () => {
    @Controller('api/access-probe')
    class AccessProbeController {
      @Get('undeclared')
      undeclared() {
        return { reached: true };
      }

      @Get('declared')
      @Authenticated()
      declared() {
        return { reached: true };
      }
    }

    it('refuses a route that declares no access, even to a super admin, with the real guard of the app', async () => {
      const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(t.config, new Logger('access-probe'))], controllers: [AccessProbeController] }).compile();
      const probe = moduleRef.createNestApplication({ logger: false });
      await probe.init();
      try {
        const http = () => request(probe.getHttpServer());
        const auth = `Bearer ${sessions.super_admin.accessToken}`;
        // The declared twin is reachable, so the refusal below is the guard's doing.
        await http().get('/api/access-probe/declared').set('Authorization', auth).expect(200, { reached: true });
        expectProblem(await http().get('/api/access-probe/declared'), 401, 'auth.tokenMissing');
        expectProblem(await http().get('/api/access-probe/undeclared').set('Authorization', auth), 403, 'auth.routeUndeclared');
        expectProblem(await http().get('/api/access-probe/undeclared'), 403, 'auth.routeUndeclared');
      } finally {
        await probe.close();
      }
    });
  });
});
