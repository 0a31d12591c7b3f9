import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { CatalogCache, type CatalogScope } from './catalog-cache';

/** Where a transaction keeps the catalog scopes it changed until it commits. */
const CHANGES = 'mahir:catalogChanges';

interface Changes {
  tenantIds: Set<string>;
  national: boolean;
}

/**
 * Invalidates cached catalog answers when a transaction that changed `course_catalog` commits,
 * and only then: bumping before the commit would let a reader re-cache the old rows under the
 * new generation. The bump is awaited inside the commit, so the publish or archive request
 * answers only after every instance will miss.
 */
@Injectable()
export class CatalogCacheInvalidation implements EntitySubscriberInterface, OnModuleInit, OnModuleDestroy {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly cache: CatalogCache,
  ) {}

  /** Notes, in the running transaction, that the catalog of `tenantId` (and of everyone, if `national`) changed. */
  static record(tx: EntityManager, tenantId: string, national: boolean): void {
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('catalog rows are written inside a transaction');
    if (!tx.connection.subscribers.some((s) => s instanceof CatalogCacheInvalidation)) {
      // A process that writes the catalog without invalidating would leave API instances serving stale answers.
      throw new Error('catalog rows are written only where CatalogCacheInvalidation is registered (the API)');
    }
    const changes = ((runner.data as Record<string, Changes | undefined>)[CHANGES] ??= { tenantIds: new Set(), national: false });
    changes.tenantIds.add(tenantId);
    changes.national ||= national;
  }

  onModuleInit() {
    this.db.subscribers.push(this);
  }

  onModuleDestroy() {
    const at = this.db.subscribers.indexOf(this);
    if (at >= 0) this.db.subscribers.splice(at, 1);
  }

  async afterTransactionCommit(event: TransactionCommitEvent) {
    // A released savepoint is no commit: the outer transaction may still roll back.
    if (event.queryRunner.isTransactionActive) return;
    const scope = take(event.queryRunner);
    if (scope) await this.cache.invalidate(scope);
  }

  afterTransactionRollback(event: TransactionRollbackEvent) {
    if (!event.queryRunner.isTransactionActive) take(event.queryRunner);
  }
}

function take(runner: QueryRunner): CatalogScope | null {
  const data = runner.data as Record<string, Changes | undefined>;
  const changes = data[CHANGES];
  if (!changes) return null;
  delete data[CHANGES];
  return { tenantIds: [...changes.tenantIds], national: changes.national };
}
