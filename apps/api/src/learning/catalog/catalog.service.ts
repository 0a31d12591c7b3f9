import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { jpOfMinutes, type CompetencyLevel, type CompetencyType } from '@mahir/competency';
import type { CourseCompetency, CourseDocument, CourseLanguage, EnrollmentPolicy, LessonKind } from '@mahir/course';
import { translate, type Locale } from '@mahir/i18n';
import { tenantOf, type Actor } from '../../platform';
import { pageOf } from '../../platform';
import { Problem } from '../../platform';
import { CatalogCache, type CatalogAnswer } from './catalog-cache';
import type { CatalogRequest, ReadCatalogRequest } from './catalog-request';
import { MARKDOWN_RENDERER, type MarkdownRenderer } from './markdown';
import { preparedQuery } from './prepared-query';

/** JP as stored (minutes) and as people read it (1 JP = 45 minutes, one decimal, rounded down). */
export const jpOf = (minutes: number) => ({ minutes, jp: jpOfMinutes(minutes) });

/** The catalog rows a caller of a tenant may see: the tenant's own and every national one. */
export const VISIBLE_TO_TENANT = `(c.tenant_id = $1 OR c.visibility = 'national')`;

/** The competencies a catalog row grants, with code, name and type, in the author's order. */
const COMPETENCIES_JSON = `(
  SELECT coalesce(json_agg(json_build_object('competencyId', k.id, 'code', k.code, 'name', k.name, 'type', k.type,
                                             'level', (g.value->>'level')::int, 'validityMonths', (g.value->>'validityMonths')::int) ORDER BY g.ord), '[]')
  FROM jsonb_array_elements(c.competencies) WITH ORDINALITY AS g(value, ord) JOIN competency k ON k.id = (g.value->>'competencyId')::uuid)`;

export interface CatalogCompetency {
  competencyId: string;
  code: string;
  name: string;
  type: CompetencyType;
  level: CompetencyLevel;
  validityMonths: number | null;
}

interface ListRow {
  courseId: string;
  version: number;
  title: string;
  summary: string;
  category: string | null;
  language: CourseLanguage;
  jpMinutes: number;
  enrollmentPolicy: EnrollmentPolicy;
  national: boolean;
  publishedAt: Date;
  agencyName: string;
  competencies: CatalogCompetency[];
  total: number;
}

@Injectable()
export class CatalogService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(MARKDOWN_RENDERER) private readonly markdown: MarkdownRenderer,
    private readonly cache: CatalogCache,
  ) {}

  /**
   * A catalog page as the JSON it is sent as, from the answer cache while nothing the tenant can
   * see has been published or archived since (decision 0012), otherwise from PostgreSQL.
   */
  async list(actor: Actor, { request, key }: ReadCatalogRequest): Promise<CatalogAnswer> {
    const tenantId = tenantOf(actor);
    return this.cache.answer(tenantId, key, () => this.read(tenantId, request));
  }

  /**
   * One prepared statement per request (rows, names and the total together): this is the hot path
   * of the catalog budget (≥ 3,000 req/s at p95 < 50 ms) when the cache misses, so no second round
   * trip for the count.
   */
  private async read(tenantId: string, query: CatalogRequest) {
    const params: unknown[] = [tenantId];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where = [VISIBLE_TO_TENANT];
    const { search, sort } = query;
    let rank = '0';
    let from = 'course_catalog c';
    if (search) {
      // Whole words are matched stemmed (the vector's 'indonesian' half); a word still being typed
      // also as the prefix of an exact token (its 'simple' half), since a stem is no prefix: 'pelay' ↛ 'layan'.
      let tsquery = `websearch_to_tsquery('indonesian', ${p(search.text)})`;
      if (search.prefix) {
        const prefix = `to_tsquery('simple', ${p(search.prefix)})`;
        tsquery = `(${tsquery} || ${search.head ? `(websearch_to_tsquery('indonesian', ${p(search.head)}) && ${prefix})` : prefix})`;
      }
      // Built once per statement (OFFSET 0 keeps the one-row subquery from being flattened into the
      // scan), not once per row: that is also what lets PostgreSQL keep one generic plan for the
      // prepared statement instead of planning every call.
      from = `(SELECT ${tsquery} AS query OFFSET 0) AS s CROSS JOIN course_catalog c`;
      where.push('c.search @@ s.query');
      rank = 'ts_rank(c.search, s.query)';
    }
    if (query.competencyId) where.push(`c.competency_ids @> ARRAY[${p(query.competencyId)}]::uuid[]`);
    // competencyId, type and level describe one grant: "grants X (of type T) at level >= L".
    if (query.type || query.level) {
      const grant = [query.competencyId ? `g."competencyId" = ${p(query.competencyId)}::uuid` : 'true'];
      if (query.level) grant.push(`g.level >= ${p(query.level)}`);
      if (query.type) grant.push(`EXISTS (SELECT 1 FROM competency k WHERE k.id = g."competencyId" AND k.type = ${p(query.type)})`);
      where.push(`EXISTS (SELECT 1 FROM jsonb_to_recordset(c.competencies) AS g("competencyId" uuid, level int) WHERE ${grant.join(' AND ')})`);
    }
    if (query.minJp !== null) where.push(`c.jp_minutes >= ${p(query.minJp)}::int * 45`);
    if (query.maxJp !== null) where.push(`c.jp_minutes <= ${p(query.maxJp)}::int * 45`);
    if (query.language) where.push(`c.language = ${p(query.language)}`);
    const orderOf = (a: string) =>
      sort === 'title' ? `${a}.title_key, ${a}.course_id` : sort === 'relevance' && search ? `${a}.rank DESC, ${a}.published_at DESC, ${a}.course_id` : `${a}.published_at DESC, ${a}.course_id`;
    const filter = where.join(' AND ');
    const keys = `SELECT c.course_id, c.published_at, lower(c.title) AS title_key, ${rank} AS rank FROM ${from} WHERE ${filter}`;
    const limit = `LIMIT ${p(query.pageSize)}::int OFFSET ${p((query.page - 1) * query.pageSize)}::int`;
    // Keys of the page first, then the columns, names and agency of those rows only. A search is
    // matched and ranked once (materialised) for both the page and the total; a plain list reads
    // the first page from the newest-first index and counts with a separate scan.
    const rows = await preparedQuery<ListRow>(
      this.db,
      `WITH ${search ? `matched AS MATERIALIZED (${keys}),` : ''}
       page AS (
         SELECT k.*, ${search ? '(SELECT count(*) FROM matched)' : `(SELECT count(*) FROM ${from} WHERE ${filter})`} AS total
         FROM ${search ? 'matched' : `(${keys})`} k ORDER BY ${orderOf('k')} ${limit}
       )
       SELECT c.course_id AS "courseId", c.version, c.title, c.summary, c.category, c.language, c.jp_minutes AS "jpMinutes",
              c.enrollment_policy AS "enrollmentPolicy", c.visibility = 'national' AS national, c.published_at AS "publishedAt",
              t.name AS "agencyName", h.total::int AS total, ${COMPETENCIES_JSON} AS competencies
       FROM page h JOIN course_catalog c ON c.course_id = h.course_id JOIN tenant t ON t.id = c.tenant_id ORDER BY ${orderOf('h')}`,
      params,
    );
    // Past the last page there is no row to carry the total; count once more in that rare case.
    const total = rows[0]?.total ?? (query.page > 1 ? await this.count(from, filter, params.slice(0, -2)) : 0);
    return pageOf(
      rows.map((r) => ({
        courseId: r.courseId,
        version: r.version,
        title: r.title,
        summary: r.summary,
        category: r.category,
        language: r.language,
        jp: jpOf(r.jpMinutes),
        enrollmentPolicy: r.enrollmentPolicy,
        competencies: r.competencies,
        agency: { name: r.agencyName },
        national: r.national,
        publishedAt: r.publishedAt,
      })),
      total,
      query,
    );
  }

  /** The course page of the latest published version: what it teaches, what it takes, what the certificate proves. */
  async page(actor: Actor, courseId: string, locale: Locale) {
    const tenantId = tenantOf(actor);
    const [row]: (Omit<ListRow, 'total'> & { document: CourseDocument })[] = await this.db.query(
      `SELECT c.course_id AS "courseId", c.version, c.visibility = 'national' AS national, c.published_at AS "publishedAt",
              t.name AS "agencyName", ${COMPETENCIES_JSON} AS competencies, v.document
       FROM course_catalog c JOIN tenant t ON t.id = c.tenant_id JOIN course_version v ON v.course_id = c.course_id AND v.version = c.version
       WHERE c.course_id = $2 AND ${VISIBLE_TO_TENANT}`,
      [tenantId, courseId],
    );
    if (!row) throw Problem.notFound('course.notFound');
    const doc = row.document;
    const jp = jpOf(doc.jpMinutes);
    const prerequisites = await this.prerequisites(tenantId, doc.prerequisites);
    const competencyList = row.competencies.map((c) => translate('catalog.competencyAtLevel', locale, { name: c.name, level: c.level })).join(', ');
    return {
      courseId: row.courseId,
      version: row.version,
      publishedAt: row.publishedAt,
      title: doc.title,
      summary: doc.summary,
      descriptionHtml: this.markdown.render(doc.description),
      category: doc.category,
      language: doc.language,
      jp,
      enrollmentPolicy: doc.enrollmentPolicy,
      competencies: row.competencies,
      // The syllabus only: lesson content, quiz settings and the question bank are for enrolled learners.
      modules: doc.modules.map((m) => ({
        id: m.id,
        title: m.title,
        lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, kind: l.kind as LessonKind, required: l.required, estimatedMinutes: l.estimatedMinutes })),
      })),
      estimatedMinutes: doc.modules.reduce((sum, m) => sum + m.lessons.reduce((s, l) => s + l.estimatedMinutes, 0), 0),
      prerequisites,
      agency: { name: row.agencyName },
      national: row.national,
      certificateStatement: translate('catalog.certificateStatement', locale, {
        title: doc.title,
        jp: locale === 'id' ? String(jp.jp).replace('.', ',') : String(jp.jp),
        competencies: competencyList,
      }),
    };
  }

  /** Live catalog offers a tenant's employees may take that grant any of these competencies (recommendations read them). */
  async offersFor(tenantId: string, competencyIds: string[]) {
    if (!competencyIds.length) return [];
    const rows: { courseId: string; title: string; jpMinutes: number; version: number; competencies: CourseCompetency[] }[] = await this.db.query(
      `SELECT c.course_id AS "courseId", c.title, c.jp_minutes AS "jpMinutes", c.version, c.competencies
       FROM course_catalog c WHERE ${VISIBLE_TO_TENANT} AND c.competency_ids && $2::uuid[] ORDER BY c.course_id`,
      [tenantId, competencyIds],
    );
    return rows;
  }

  /** Prerequisites in the order the author listed them, by the title of their latest published version. */
  private async prerequisites(tenantId: string, ids: string[]) {
    if (!ids.length) return [];
    const rows: { courseId: string; title: string; inCatalog: boolean }[] = await this.db.query(
      `SELECT c.id AS "courseId", v.title, (cc.course_id IS NOT NULL AND (cc.tenant_id = $1 OR cc.visibility = 'national')) AS "inCatalog"
       FROM course c JOIN course_version v ON v.course_id = c.id AND v.version = c.published_version
       LEFT JOIN course_catalog cc ON cc.course_id = c.id WHERE c.id = ANY($2::uuid[])`,
      [tenantId, ids],
    );
    const byId = new Map(rows.map((r) => [r.courseId, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private async count(from: string, filter: string, params: unknown[]): Promise<number> {
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM ${from} WHERE ${filter}`, params);
    return total;
  }
}
