import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { CompetencyType } from '@mahir/competency';
import type { CourseLanguage } from '@mahir/course';
import { Problem } from '../../platform';
import { createValidationPipe } from '../../platform';
import { catalogSearch, type CatalogSearch } from './catalog-search';
import { CatalogQueryDto, type CatalogSort } from './dto/catalog.dto';

/**
 * Everything a catalog page depends on besides the tenant, normalised. It is both what the query
 * reads and, serialised as `key`, the cache key, so the two cannot drift apart. (No locale: the
 * list holds no translated text.)
 */
export interface CatalogRequest {
  search: CatalogSearch | null;
  competencyId: string | null;
  type: CompetencyType | null;
  level: number | null;
  minJp: number | null;
  maxJp: number | null;
  language: CourseLanguage | null;
  sort: CatalogSort;
  page: number;
  pageSize: number;
}

export interface ReadCatalogRequest {
  request: CatalogRequest;
  key: string;
}

/** Query strings whose reading is remembered; a bound, so odd queries cannot grow memory. */
const REMEMBERED = 1_000;

/**
 * Reads the catalog's query string with the API's validation pipe (the same 400 answers as any
 * other route) and remembers the outcome per raw query string: the same string always reads the
 * same way, and validating it again cost a tenth of a cached answer (decision 0012).
 * Only valid readings are remembered; a bad query is validated, and refused, every time.
 */
@Injectable()
export class CatalogRequestReader {
  private readonly validation = createValidationPipe();
  private readonly remembered = new Map<string, ReadCatalogRequest>();

  async read(req: Request): Promise<ReadCatalogRequest> {
    const at = req.originalUrl.indexOf('?');
    const raw = at < 0 ? '' : req.originalUrl.slice(at + 1);
    const known = this.remembered.get(raw);
    if (known) return known;
    const query = (await this.validation.transform(req.query, { type: 'query', metatype: CatalogQueryDto })) as CatalogQueryDto;
    if (query.minJp !== undefined && query.maxJp !== undefined && query.minJp > query.maxJp) {
      throw Problem.validation([{ field: 'maxJp', rule: 'jpRange', key: 'catalog.jpRange' }]);
    }
    const request = catalogRequest(query);
    const read = Object.freeze({ request, key: JSON.stringify(request) });
    if (this.remembered.size >= REMEMBERED) this.remembered.delete(this.remembered.keys().next().value as string);
    this.remembered.set(raw, read);
    return read;
  }
}

export function catalogRequest(query: CatalogQueryDto): CatalogRequest {
  const search = catalogSearch(query.q);
  return Object.freeze({
    search,
    competencyId: query.competencyId?.toLowerCase() ?? null,
    type: query.type ?? null,
    level: query.level ?? null,
    minJp: query.minJp ?? null,
    maxJp: query.maxJp ?? null,
    language: query.language ?? null,
    sort: query.sort ?? (search ? 'relevance' : 'newest'),
    page: query.page,
    pageSize: query.pageSize,
  });
}
