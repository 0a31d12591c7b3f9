import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import type { CourseDocument } from '@mahir/course';
import { CertificateTemplate, Competency, CourseDraft, CourseRecord, CourseUpload, CourseVersion } from '@mahir/persistence';
import type { CourseStatus } from './dto/course.dto';

/** draft → in review → published → archived, as SQL (the same rule as statusOf in the service). */
const STATUS_SQL = `CASE WHEN c.archived_at IS NOT NULL THEN 'archived' WHEN c.draft_state = 'in_review' THEN 'in_review'
  WHEN c.draft_state = 'editing' AND c.published_version = 0 THEN 'draft' ELSE 'published' END`;

export interface CourseListQuery {
  tenantId: string;
  /** A LIKE pattern (already escaped) matched against the lower-cased draft title. */
  titlePattern?: string;
  status?: CourseStatus;
  page: number;
  pageSize: number;
}

/** A row of the authoring list. */
export interface CourseListItem {
  id: string;
  title: string;
  status: CourseStatus;
  publishedVersion: number;
  hasOpenDraft: boolean;
  draftRevision: number;
  updatedAt: Date;
}

/** The open draft as the authoring API shows it. */
export interface DraftView {
  revision: number;
  basedOnVersion: number;
  document: CourseDocument;
  updatedAt: Date;
}

/** A published version in the list of versions. */
export interface VersionSummary {
  version: number;
  title: string;
  publishedAt: Date;
  publishedBy: string | null;
}

export interface VersionView extends VersionSummary {
  document: CourseDocument;
}

/** The columns of the draft a save changes. */
export interface DraftSave {
  document: CourseDocument;
  updatedBy: string;
  /** Set when the save opens the next draft of a published course: the version it starts from. */
  basedOnVersion: number | null;
}

/** A verified upload of a course: its kind and object key. */
export interface VerifiedUpload {
  kind: string;
  objectKey: string;
}

/** Courses, their drafts and published versions: the authoring statements. */
@Injectable()
export class CoursesRepository {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @InjectRepository(CourseDraft) private readonly drafts: Repository<CourseDraft>,
    @InjectRepository(CourseVersion) private readonly versions: Repository<CourseVersion>,
  ) {}

  async page(query: CourseListQuery): Promise<{ items: CourseListItem[]; total: number }> {
    const qb = this.db
      .createQueryBuilder(CourseRecord, 'c')
      .innerJoin(CourseDraft, 'd', 'd.course_id = c.id')
      .where('c.tenant_id = :tenantId', { tenantId: query.tenantId });
    if (query.titlePattern) qb.andWhere(`lower(d.document->>'title') LIKE :title`, { title: query.titlePattern });
    if (query.status) qb.andWhere(`(${STATUS_SQL}) = :status`, { status: query.status });
    const [counted, items] = await Promise.all([
      qb.clone().select('count(*)::int', 'total').getRawOne<{ total: number }>(),
      qb
        .clone()
        .select('c.id', 'id')
        .addSelect(`d.document->>'title'`, 'title')
        .addSelect(STATUS_SQL, 'status')
        .addSelect('c.published_version', 'publishedVersion')
        .addSelect('(c.draft_state IS NOT NULL)', 'hasOpenDraft')
        .addSelect('d.revision', 'draftRevision')
        .addSelect('c.updated_at', 'updatedAt')
        .orderBy('c.updated_at', 'DESC')
        .addOrderBy('c.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .getRawMany<CourseListItem>(),
    ]);
    return { items, total: counted?.total ?? 0 };
  }

  /** A new course with its empty draft; answers the course id. */
  async create(tenantId: string, userId: string, document: CourseDocument, tx: EntityManager): Promise<string> {
    const courses = tx.getRepository(CourseRecord);
    const { id } = await courses.save(courses.create({ tenantId, draftState: 'editing', createdBy: userId }));
    await tx.getRepository(CourseDraft).insert({ courseId: id, tenantId, document, updatedBy: userId });
    return id;
  }

  /** The tenant's course, locked for the rest of the transaction with `lock`; null if it is not the tenant's. */
  course(tenantId: string, id: string, lock = false, manager: EntityManager = this.db.manager): Promise<CourseRecord | null> {
    return manager.getRepository(CourseRecord).findOne({ where: { tenantId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async draft(courseId: string): Promise<DraftView | null> {
    const d = await this.drafts.findOne({ select: { courseId: true, revision: true, basedOnVersion: true, document: true, updatedAt: true }, where: { courseId } });
    return d ? { revision: d.revision, basedOnVersion: d.basedOnVersion, document: d.document, updatedAt: d.updatedAt } : null;
  }

  async draftDocument(courseId: string, manager: EntityManager = this.db.manager): Promise<CourseDocument> {
    const d = await manager.getRepository(CourseDraft).findOneOrFail({ select: { courseId: true, document: true }, where: { courseId } });
    return d.document;
  }

  /** The draft's revision, locked until the transaction ends (a concurrent save waits, then sees the new revision). */
  async lockDraftRevision(courseId: string, tx: EntityManager): Promise<number> {
    const d = await tx.getRepository(CourseDraft).findOneOrFail({ select: { courseId: true, revision: true }, where: { courseId }, lock: { mode: 'pessimistic_write' } });
    return d.revision;
  }

  /** Writes the whole draft, one revision up, and marks the course as being edited. */
  async saveDraft(courseId: string, save: DraftSave, tx: EntityManager): Promise<void> {
    await tx
      .getRepository(CourseDraft)
      .update(
        { courseId },
        {
          document: save.document,
          revision: () => 'revision + 1',
          updatedBy: save.updatedBy,
          updatedAt: () => 'now()',
          ...(save.basedOnVersion === null ? {} : { basedOnVersion: save.basedOnVersion }),
        },
      );
    await this.setDraftState(courseId, 'editing', tx);
  }

  async setDraftState(courseId: string, state: CourseRecord['draftState'], tx: EntityManager): Promise<void> {
    await tx.getRepository(CourseRecord).update({ id: courseId }, { draftState: state, updatedAt: () => 'now()' });
  }

  /** Freezes the document as version `version`; the course points at it and its draft is closed. */
  async publishVersion(course: { id: string; tenantId: string }, version: number, document: CourseDocument, userId: string, tx: EntityManager): Promise<void> {
    await tx.getRepository(CourseVersion).insert({ courseId: course.id, version, tenantId: course.tenantId, title: document.title, document, publishedBy: userId });
    await tx.getRepository(CourseRecord).update({ id: course.id }, { publishedVersion: version, draftState: null, updatedAt: () => 'now()' });
    await tx.getRepository(CourseDraft).update({ courseId: course.id }, { basedOnVersion: version });
  }

  async archive(courseId: string, tx: EntityManager): Promise<void> {
    await tx.getRepository(CourseRecord).update({ id: courseId }, { archivedAt: () => 'now()', updatedAt: () => 'now()' });
  }

  /** Published versions, newest first. */
  async versionList(courseId: string): Promise<VersionSummary[]> {
    const rows = await this.versions.find({
      select: { courseId: true, version: true, title: true, publishedAt: true, publishedBy: true },
      where: { courseId },
      order: { version: 'DESC' },
    });
    return rows.map((v) => ({ version: v.version, title: v.title, publishedAt: v.publishedAt, publishedBy: v.publishedBy }));
  }

  async version(courseId: string, version: number): Promise<VersionView | null> {
    const v = await this.versions.findOne({ where: { courseId, version } });
    return v ? { version: v.version, title: v.title, document: v.document, publishedAt: v.publishedAt, publishedBy: v.publishedBy } : null;
  }

  /** Of these competency ids, the ones a course of the tenant may grant: national or the tenant's, not retired. */
  async knownCompetencyIds(tenantId: string, ids: string[], manager: EntityManager = this.db.manager): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await manager
      .createQueryBuilder(Competency, 'k')
      .select('k.id', 'id')
      .where('k.id = ANY(:ids::uuid[])', { ids })
      .andWhere('(k.tenant_id IS NULL OR k.tenant_id = :tenantId)', { tenantId })
      .andWhere('k.retired_at IS NULL')
      .getRawMany<{ id: string }>();
    return new Set(rows.map((r) => r.id));
  }

  /** Of these course ids, the tenant's courses with a published version. */
  async publishedCourseIds(tenantId: string, ids: string[], manager: EntityManager = this.db.manager): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await manager
      .createQueryBuilder(CourseRecord, 'c')
      .select('c.id', 'id')
      .where('c.id = ANY(:ids::uuid[])', { ids })
      .andWhere('c.tenant_id = :tenantId', { tenantId })
      .andWhere('c.published_version > 0')
      .getRawMany<{ id: string }>();
    return new Set(rows.map((r) => r.id));
  }

  ownsCertificateTemplate(tenantId: string, templateId: string, manager: EntityManager = this.db.manager): Promise<boolean> {
    return manager.getRepository(CertificateTemplate).exists({ where: { id: templateId, tenantId } });
  }

  /** Of these object keys, the verified uploads of this very course. */
  async verifiedUploads(tenantId: string, courseId: string, objectKeys: string[], manager: EntityManager = this.db.manager): Promise<VerifiedUpload[]> {
    if (!objectKeys.length) return [];
    return manager
      .createQueryBuilder(CourseUpload, 'u')
      .select('u.object_key', 'objectKey')
      .addSelect('u.kind', 'kind')
      .where('u.object_key = ANY(:keys::text[])', { keys: objectKeys })
      .andWhere('u.tenant_id = :tenantId', { tenantId })
      .andWhere('u.course_id = :courseId', { courseId })
      .andWhere(`u.status = 'verified'`)
      .getRawMany<VerifiedUpload>();
  }
}
