import type { EntityManager } from 'typeorm';
import { CatalogCacheInvalidation } from './catalog-cache-invalidation';
import { CatalogRepository } from './catalog.repository';

/**
 * Brings the catalog row of one course in line with its latest published version: upserted
 * while the course is published and not archived, deleted otherwise. Called inside the publish
 * and archive transactions, so learners never see a catalog that disagrees with the course.
 * Saving a draft does not call it: learners see published versions only. Cached catalog answers
 * of the course's agency (of every agency when the course is or was national) are invalidated
 * when the transaction commits.
 */
export async function refreshCatalogEntry(tx: EntityManager, courseId: string, catalog = new CatalogRepository(tx.connection)): Promise<void> {
  const before = await catalog.entryScope(courseId, tx);
  const live = await catalog.liveVersion(courseId, tx);
  if (!live) {
    await catalog.removeEntry(courseId, tx);
    if (before) CatalogCacheInvalidation.record(tx, before.tenantId, before.visibility === 'national');
    return;
  }
  CatalogCacheInvalidation.record(tx, live.tenantId, live.document.visibility === 'national' || before?.visibility === 'national');
  await catalog.upsertEntry(courseId, live, tx);
}
