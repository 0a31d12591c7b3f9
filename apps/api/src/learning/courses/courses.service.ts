import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { checkForPublish, diffDocuments, emptyCourseDocument, type CourseDocument, type PublishProblem } from '@mahir/course';
import type { MessageKey } from '@mahir/i18n';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { refreshCatalogEntry } from '../catalog/catalog-writer';
import { likePattern, pageOf } from '../../platform';
import { Problem, type FieldError } from '../../platform';
import { courseDocumentSchema, documentErrors } from './course-document.schema';
import type { CourseQueryDto, CourseStatus } from './dto/course.dto';

interface CourseRow {
  id: string;
  tenant_id: string;
  draft_state: 'editing' | 'in_review' | null;
  published_version: number;
  archived_at: Date | null;
}

/** draft → in review → published → archived; an edit after publishing opens the next draft. */
function statusOf(c: CourseRow): CourseStatus {
  if (c.archived_at) return 'archived';
  if (c.draft_state === 'in_review') return 'in_review';
  if (c.draft_state === 'editing' && c.published_version === 0) return 'draft';
  return 'published';
}

const STATUS_SQL = `CASE WHEN c.archived_at IS NOT NULL THEN 'archived' WHEN c.draft_state = 'in_review' THEN 'in_review'
  WHEN c.draft_state = 'editing' AND c.published_version = 0 THEN 'draft' ELSE 'published' END`;

@Injectable()
export class CoursesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: CourseQueryDto) {
    const tenantId = tenantOf(actor);
    const params: unknown[] = [tenantId];
    const where = ['c.tenant_id = $1'];
    if (query.q) {
      params.push(likePattern(query.q));
      where.push(`lower(d.document->>'title') LIKE $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`(${STATUS_SQL}) = $${params.length}`);
    }
    const from = `FROM course c JOIN course_draft d ON d.course_id = c.id WHERE ${where.join(' AND ')}`;
    const [[{ total }], items] = await Promise.all([
      this.db.query(`SELECT count(*)::int AS total ${from}`, params),
      this.db.query(
        `SELECT c.id, d.document->>'title' AS title, ${STATUS_SQL} AS status, c.published_version AS "publishedVersion",
                (c.draft_state IS NOT NULL) AS "hasOpenDraft", d.revision AS "draftRevision", c.updated_at AS "updatedAt"
         ${from} ORDER BY c.updated_at DESC, c.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
        params,
      ),
    ]);
    return pageOf(items, total, query);
  }

  async create(actor: Actor, title: string) {
    const tenantId = tenantOf(actor);
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx.query(`INSERT INTO course (tenant_id, draft_state, created_by) VALUES ($1, 'editing', $2) RETURNING id`, [tenantId, actor.userId]);
      await tx.query(`INSERT INTO course_draft (course_id, tenant_id, document, updated_by) VALUES ($1, $2, $3, $4)`, [
        row.id,
        tenantId,
        JSON.stringify(emptyCourseDocument(title)),
        actor.userId,
      ]);
      await this.audit.record(tx, actor, 'course.created', 'course', row.id, { title });
      return row.id as string;
    });
    return this.get(actor, id);
  }

  /** The course with its draft and the list of published versions (admins of the owning tenant only). */
  async get(actor: Actor, id: string) {
    const course = await this.course(this.db.manager, tenantOf(actor), id);
    const [draft] = await this.db.query(
      `SELECT revision, based_on_version AS "basedOnVersion", document, updated_at AS "updatedAt" FROM course_draft WHERE course_id = $1`,
      [id],
    );
    const versions = await this.db.query(
      `SELECT version, title, published_at AS "publishedAt", published_by AS "publishedBy" FROM course_version WHERE course_id = $1 ORDER BY version DESC`,
      [id],
    );
    return { id, status: statusOf(course), publishedVersion: course.published_version, hasOpenDraft: course.draft_state !== null, draft, versions };
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
      const course = await this.course(tx, tenantId, id, true);
      if (course.archived_at) throw new Problem(409, 'course.archived');
      if (course.draft_state === 'in_review') throw new Problem(409, 'course.inReview');
      const [draft] = await tx.query(`SELECT revision FROM course_draft WHERE course_id = $1 FOR UPDATE`, [id]);
      if (draft.revision !== revision) {
        throw new Problem(409, 'course.staleRevision', { current: draft.revision }, [{ field: 'revision', rule: 'stale', key: 'course.staleRevision', params: { current: draft.revision } }], {
          currentRevision: draft.revision,
        });
      }
      await tx.query(
        `UPDATE course_draft SET document = $2, revision = revision + 1, updated_by = $3, updated_at = now(),
           based_on_version = CASE WHEN $4::boolean THEN $5 ELSE based_on_version END WHERE course_id = $1`,
        [id, JSON.stringify(parsed.data), actor.userId, course.draft_state === null, course.published_version],
      );
      await tx.query(`UPDATE course SET draft_state = 'editing', updated_at = now() WHERE id = $1`, [id]);
      await this.audit.record(tx, actor, 'course.draft_saved', 'course', id, { revision: revision + 1 });
    });
    return this.get(actor, id);
  }

  /** Every problem that stops the draft from being published, at once. */
  async checks(actor: Actor, id: string) {
    const tenantId = tenantOf(actor);
    await this.course(this.db.manager, tenantId, id);
    return { problems: await this.problems(this.db.manager, tenantId, id) };
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
      const course = await this.course(tx, tenantId, id, true);
      if (course.archived_at) throw new Problem(409, 'course.archived');
      if (course.draft_state !== 'in_review') throw new Problem(409, 'course.notInReview');
      await this.refuseProblems(tx, tenantId, id);
      const [draft] = await tx.query(`SELECT document FROM course_draft WHERE course_id = $1`, [id]);
      const next = course.published_version + 1;
      await tx.query(
        `INSERT INTO course_version (course_id, version, tenant_id, title, document, published_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, next, tenantId, draft.document.title, JSON.stringify(draft.document), actor.userId],
      );
      await tx.query(`UPDATE course SET published_version = $2, draft_state = NULL, updated_at = now() WHERE id = $1`, [id, next]);
      await tx.query(`UPDATE course_draft SET based_on_version = $2 WHERE course_id = $1`, [id, next]);
      await refreshCatalogEntry(tx, id);
      await this.audit.record(tx, actor, 'course.published', 'course', id, { version: next });
      return next;
    });
    return { ...(await this.get(actor, id)), version };
  }

  async archive(actor: Actor, id: string) {
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      const course = await this.course(tx, tenantId, id, true);
      if (course.archived_at) throw new Problem(409, 'course.archived');
      await tx.query(`UPDATE course SET archived_at = now(), updated_at = now() WHERE id = $1`, [id]);
      await refreshCatalogEntry(tx, id);
      await this.audit.record(tx, actor, 'course.archived', 'course', id);
    });
    return this.get(actor, id);
  }

  async version(actor: Actor, id: string, version: number) {
    const tenantId = tenantOf(actor);
    await this.course(this.db.manager, tenantId, id);
    const [row] = await this.db.query(
      `SELECT version, title, document, published_at AS "publishedAt", published_by AS "publishedBy" FROM course_version WHERE course_id = $1 AND version = $2`,
      [id, version],
    );
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
      await this.course(this.db.manager, tenantId, id);
      const [draft] = await this.db.query(`SELECT document FROM course_draft WHERE course_id = $1`, [id]);
      return draft.document;
    }
    return (await this.version(actor, id, version)).document;
  }

  private async transition(actor: Actor, id: string, from: 'editing' | 'in_review', to: 'editing' | 'in_review', action: string, check: boolean) {
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      const course = await this.course(tx, tenantId, id, true);
      if (course.archived_at) throw new Problem(409, 'course.archived');
      if (course.draft_state !== from) throw new Problem(409, from === 'editing' ? 'course.notEditing' : 'course.notInReview');
      if (check) await this.refuseProblems(tx, tenantId, id);
      await tx.query(`UPDATE course SET draft_state = $2, updated_at = now() WHERE id = $1`, [id, to]);
      await this.audit.record(tx, actor, action, 'course', id);
    });
    return this.get(actor, id);
  }

  private async refuseProblems(tx: EntityManager, tenantId: string, id: string) {
    const problems = await this.problems(tx, tenantId, id);
    if (!problems.length) return;
    const errors: FieldError[] = problems.map((p) => ({ field: p.path, rule: p.code, key: `publish.${p.code}` as MessageKey, params: p.params }));
    throw new Problem(422, 'course.notPublishable', { count: problems.length }, errors);
  }

  /** The domain's checks, plus what only the database knows: competencies, prerequisites and the certificate template that exist, files verified. */
  private async problems(tx: EntityManager, tenantId: string, id: string): Promise<PublishProblem[]> {
    const [draft] = await tx.query(`SELECT document FROM course_draft WHERE course_id = $1`, [id]);
    const doc: CourseDocument = draft.document;
    const problems = checkForPublish(doc, id);
    const competencyIds = doc.competencies.map((c) => c.competencyId);
    const known: { id: string }[] = competencyIds.length
      ? await tx.query(`SELECT id FROM competency WHERE id = ANY($1::uuid[]) AND (tenant_id IS NULL OR tenant_id = $2) AND retired_at IS NULL`, [competencyIds, tenantId])
      : [];
    const knownIds = new Set(known.map((k) => k.id));
    doc.competencies.forEach((c, i) => {
      if (!knownIds.has(c.competencyId)) problems.push({ path: `competencies[${i}].competencyId`, code: 'competencies.unknown' });
    });
    const prerequisites: { id: string }[] = doc.prerequisites.length
      ? await tx.query(`SELECT id FROM course WHERE id = ANY($1::uuid[]) AND tenant_id = $2 AND published_version > 0`, [doc.prerequisites, tenantId])
      : [];
    const published = new Set(prerequisites.map((p) => p.id));
    doc.prerequisites.forEach((p, i) => {
      if (p !== id && !published.has(p)) problems.push({ path: `prerequisites[${i}]`, code: 'prerequisites.unknown' });
    });
    // A template of another agency would silently print the default one: name it instead.
    if (doc.certificateTemplateId) {
      const [own] = await tx.query(`SELECT 1 FROM certificate_template WHERE id = $1 AND tenant_id = $2`, [doc.certificateTemplateId, tenantId]);
      if (!own) problems.push({ path: 'certificateTemplateId', code: 'certificateTemplate.unknown' });
    }
    // Every file the document names must be a verified upload of this very course, of the kind its place needs.
    const files: { path: string; key: string; kind: string }[] = [];
    if (doc.coverObjectKey?.trim()) files.push({ path: 'coverObjectKey', key: doc.coverObjectKey, kind: 'cover' });
    doc.modules.forEach((m, i) =>
      m.lessons.forEach((l, j) => {
        if ((l.kind === 'video' || l.kind === 'document') && l.objectKey?.trim()) files.push({ path: `modules[${i}].lessons[${j}].objectKey`, key: l.objectKey, kind: l.kind });
      }),
    );
    const verified: { object_key: string; kind: string }[] = files.length
      ? await tx.query(`SELECT object_key, kind FROM course_upload WHERE object_key = ANY($1::text[]) AND tenant_id = $2 AND course_id = $3 AND status = 'verified'`, [
          files.map((f) => f.key),
          tenantId,
          id,
        ])
      : [];
    const verifiedKeys = new Set(verified.map((v) => `${v.kind} ${v.object_key}`));
    files.forEach((f) => {
      if (!verifiedKeys.has(`${f.kind} ${f.key}`)) problems.push({ path: f.path, code: 'upload.unverified' });
    });
    return problems;
  }

  private async course(tx: EntityManager, tenantId: string, id: string, lock = false): Promise<CourseRow> {
    const [row] = await tx.query(`SELECT * FROM course WHERE tenant_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`, [tenantId, id]);
    if (!row) throw Problem.notFound('course.notFound');
    return row;
  }
}
