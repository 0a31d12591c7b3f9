import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { checkForPublish, diffDocuments, emptyCourseDocument, type CourseDocument, type PublishProblem } from '@mahir/course';
import type { MessageKey } from '@mahir/i18n';
import type { CourseRecord } from '@mahir/persistence';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { CatalogRepository } from '../catalog/catalog.repository';
import { refreshCatalogEntry } from '../catalog/catalog-writer';
import { likePattern, pageOf } from '../../platform';
import { Problem, type FieldError } from '../../platform';
import { courseDocumentSchema, documentErrors } from './course-document.schema';
import { CoursesRepository } from './courses.repository';
import type { CourseQueryDto, CourseStatus } from './dto/course.dto';

/** draft → in review → published → archived; an edit after publishing opens the next draft. */
function statusOf(c: CourseRecord): CourseStatus {
  if (c.archivedAt) return 'archived';
  if (c.draftState === 'in_review') return 'in_review';
  if (c.draftState === 'editing' && c.publishedVersion === 0) return 'draft';
  return 'published';
}

@Injectable()
export class CoursesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly courses: CoursesRepository,
    private readonly catalog: CatalogRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: CourseQueryDto) {
    const { items, total } = await this.courses.page({
      tenantId: tenantOf(actor),
      titlePattern: query.q ? likePattern(query.q) : undefined,
      status: query.status,
      page: query.page,
      pageSize: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  async create(actor: Actor, title: string) {
    const tenantId = tenantOf(actor);
    const id = await this.db.transaction(async (tx) => {
      const created = await this.courses.create(tenantId, actor.userId, emptyCourseDocument(title), tx);
      await this.audit.record(tx, actor, 'course.created', 'course', created, { title });
      return created;
    });
    return this.get(actor, id);
  }

  /** The course with its draft and the list of published versions (admins of the owning tenant only). */
  async get(actor: Actor, id: string) {
    const course = await this.course(tenantOf(actor), id);
    const draft = await this.courses.draft(id);
    const versions = await this.courses.versionList(id);
    return { id, status: statusOf(course), publishedVersion: course.publishedVersion, hasOpenDraft: course.draftState !== null, draft, versions };
  }

  /**
   * Saves the whole draft document. The revision read must still be current (a concurrent
   * editor is told, nothing is overwritten). Editing a published course opens the next draft.
   */
  async saveDraft(actor: Actor, id: string, revision: number, body: unknown) {
    // reportInput: tells a missing field (required) from a wrong type (invalid).
    const parsed = courseDocumentSchema.safeParse(body, { reportInput: true });
    if (!parsed.success) throw Problem.validation(documentErrors(parsed.error));
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      const course = await this.course(tenantId, id, tx, true);
      if (course.archivedAt) throw new Problem(409, 'course.archived');
      if (course.draftState === 'in_review') throw new Problem(409, 'course.inReview');
      const current = await this.courses.lockDraftRevision(id, tx);
      if (current !== revision) {
        throw new Problem(409, 'course.staleRevision', { current }, [{ field: 'revision', rule: 'stale', key: 'course.staleRevision', params: { current } }], {
          currentRevision: current,
        });
      }
      await this.courses.saveDraft(
        id,
        { document: parsed.data, updatedBy: actor.userId, basedOnVersion: course.draftState === null ? course.publishedVersion : null },
        tx,
      );
      await this.audit.record(tx, actor, 'course.draft_saved', 'course', id, { revision: revision + 1 });
    });
    return this.get(actor, id);
  }

  /** Every problem that stops the draft from being published, at once. */
  async checks(actor: Actor, id: string) {
    const tenantId = tenantOf(actor);
    await this.course(tenantId, id);
    return { problems: await this.problems(tenantId, id) };
  }

  async submit(actor: Actor, id: string) {
    return this.transition(actor, id, 'editing', 'in_review', 'course.submitted', true);
  }

  async returnToDraft(actor: Actor, id: string) {
    return this.transition(actor, id, 'in_review', 'editing', 'course.returned', false);
  }

  /** Freezes the reviewed draft as the next immutable version; two publishes at once make one version. */
  async publish(actor: Actor, id: string) {
    const tenantId = tenantOf(actor);
    const version = await this.db.transaction(async (tx) => {
      const course = await this.course(tenantId, id, tx, true);
      if (course.archivedAt) throw new Problem(409, 'course.archived');
      if (course.draftState !== 'in_review') throw new Problem(409, 'course.notInReview');
      await this.refuseProblems(tx, tenantId, id);
      const document = await this.courses.draftDocument(id, tx);
      const next = course.publishedVersion + 1;
      await this.courses.publishVersion(course, next, document, actor.userId, tx);
      await refreshCatalogEntry(tx, id, this.catalog);
      await this.audit.record(tx, actor, 'course.published', 'course', id, { version: next });
      return next;
    });
    return { ...(await this.get(actor, id)), version };
  }

  async archive(actor: Actor, id: string) {
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      const course = await this.course(tenantId, id, tx, true);
      if (course.archivedAt) throw new Problem(409, 'course.archived');
      await this.courses.archive(id, tx);
      await refreshCatalogEntry(tx, id, this.catalog);
      await this.audit.record(tx, actor, 'course.archived', 'course', id);
    });
    return this.get(actor, id);
  }

  async version(actor: Actor, id: string, version: number) {
    const tenantId = tenantOf(actor);
    await this.course(tenantId, id);
    const row = await this.courses.version(id, version);
    if (!row) throw Problem.notFound('course.versionNotFound', { version });
    return row;
  }

  /** What changed between two published versions (or a version and the open draft, as version 0 = draft). */
  async diff(actor: Actor, id: string, from: number, to: number) {
    const [a, b] = await Promise.all([this.documentAt(actor, id, from), this.documentAt(actor, id, to)]);
    return { from, to, changes: diffDocuments(a, b) };
  }

  private async documentAt(actor: Actor, id: string, version: number): Promise<CourseDocument> {
    if (version === 0) {
      const tenantId = tenantOf(actor);
      await this.course(tenantId, id);
      return this.courses.draftDocument(id);
    }
    return (await this.version(actor, id, version)).document;
  }

  private async transition(actor: Actor, id: string, from: 'editing' | 'in_review', to: 'editing' | 'in_review', action: string, check: boolean) {
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      const course = await this.course(tenantId, id, tx, true);
      if (course.archivedAt) throw new Problem(409, 'course.archived');
      if (course.draftState !== from) throw new Problem(409, from === 'editing' ? 'course.notEditing' : 'course.notInReview');
      if (check) await this.refuseProblems(tx, tenantId, id);
      await this.courses.setDraftState(id, to, tx);
      await this.audit.record(tx, actor, action, 'course', id);
    });
    return this.get(actor, id);
  }

  private async refuseProblems(tx: EntityManager, tenantId: string, id: string) {
    const problems = await this.problems(tenantId, id, tx);
    if (!problems.length) return;
    const errors: FieldError[] = problems.map((p) => ({ field: p.path, rule: p.code, key: `publish.${p.code}` as MessageKey, params: p.params }));
    throw new Problem(422, 'course.notPublishable', { count: problems.length }, errors);
  }

  /** The domain's checks, plus what only the database knows: competencies, prerequisites and the certificate template that exist, files verified. */
  private async problems(tenantId: string, id: string, tx?: EntityManager): Promise<PublishProblem[]> {
    const doc = await this.courses.draftDocument(id, tx);
    const problems = checkForPublish(doc, id);
    const knownIds = await this.courses.knownCompetencyIds(tenantId, doc.competencies.map((c) => c.competencyId), tx);
    doc.competencies.forEach((c, i) => {
      if (!knownIds.has(c.competencyId)) problems.push({ path: `competencies[${i}].competencyId`, code: 'competencies.unknown' });
    });
    const published = await this.courses.publishedCourseIds(tenantId, doc.prerequisites, tx);
    doc.prerequisites.forEach((p, i) => {
      if (p !== id && !published.has(p)) problems.push({ path: `prerequisites[${i}]`, code: 'prerequisites.unknown' });
    });
    // A template of another agency would silently print the default one: name it instead.
    if (doc.certificateTemplateId) {
      if (!(await this.courses.ownsCertificateTemplate(tenantId, doc.certificateTemplateId, tx))) problems.push({ path: 'certificateTemplateId', code: 'certificateTemplate.unknown' });
    }
    // Every file the document names must be a verified upload of this very course, of the kind its place needs.
    const files: { path: string; key: string; kind: string }[] = [];
    if (doc.coverObjectKey?.trim()) files.push({ path: 'coverObjectKey', key: doc.coverObjectKey, kind: 'cover' });
    doc.modules.forEach((m, i) =>
      m.lessons.forEach((l, j) => {
        if ((l.kind === 'video' || l.kind === 'document') && l.objectKey?.trim()) files.push({ path: `modules[${i}].lessons[${j}].objectKey`, key: l.objectKey, kind: l.kind });
      }),
    );
    const verified = await this.courses.verifiedUploads(tenantId, id, files.map((f) => f.key), tx);
    const verifiedKeys = new Set(verified.map((v) => `${v.kind} ${v.objectKey}`));
    files.forEach((f) => {
      if (!verifiedKeys.has(`${f.kind} ${f.key}`)) problems.push({ path: f.path, code: 'upload.unverified' });
    });
    return problems;
  }

  private async course(tenantId: string, id: string, tx?: EntityManager, lock = false): Promise<CourseRecord> {
    const row = await this.courses.course(tenantId, id, lock, tx);
    if (!row) throw Problem.notFound('course.notFound');
    return row;
  }
}
