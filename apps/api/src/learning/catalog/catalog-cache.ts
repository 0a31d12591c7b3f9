import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@mahir/runtime';
import { API_CONFIG, type ApiConfigValue } from '../../api-config';

/** A catalog answer as it goes on the wire: the JSON body, serialised once, and its entity tag. */
export interface CatalogAnswer {
  body: Buffer;
  etag: string;
}

/** The cached answers a catalog write makes stale: its agency's, and every agency's when a national course changed. */
export interface CatalogScope {
  tenantIds: string[];
  national: boolean;
}

/**
 * Backstop lifetime of an answer. Publish and archive invalidate at once through the generations
 * below; this only bounds what they do not cover (a renamed agency or competency) and a
 * generation bump that Redis refused. It also bounds the Redis memory the answers take: at most
 * (misses per second) × 10 s × (body size), about 50 MB at the 500 misses/s PostgreSQL sustains.
 */
export const CATALOG_ANSWER_TTL_MS = 10_000;
const LOCAL_MAX_ENTRIES = 2_000;
const LOCAL_MAX_BYTES = 64 * 2 ** 20;
const RETRY_MS = 1_000;
/** A generation nobody touched for a day lapses; the next reader starts a fresh one (a miss, never a stale hit). */
const GENERATION_TTL_S = 24 * 3600;

interface LocalEntry {
  generation: string;
  answer: CatalogAnswer;
  expiresAt: number;
}

/**
 * Catalog answers per (tenant, request), for the catalog budget (≥ 3,000 req/s at p95 < 50 ms).
 *
 * Freshness: every answer is filed under the current *generation* of what its tenant can see, two
 * random tokens in Redis (the national courses', the tenant's own). A catalog write replaces the
 * tokens it affects after its transaction commits, before the publish or archive answers, so no
 * instance can take an older answer for current afterwards. A reader takes the generation before
 * it queries, so an answer computed from data older than a bump is filed under a generation no
 * one asks for any more. Tokens are random, not counters, so a Redis restart can never bring an
 * old generation back.
 *
 * Sharing: the answers live in Redis (every API instance fills and reads the same ones) with an
 * in-process copy in front that is only served while its generation is still current; nothing
 * here is the only copy of anything. Without Redis nothing can be validated: the catalog then
 * reads PostgreSQL on every request.
 */
@Injectable()
export class CatalogCache implements OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogCache.name);
  private readonly prefix: string;
  private readonly local = new Map<string, LocalEntry>();
  private localBytes = 0;
  /** One computation per (generation, tenant, request) at a time: a burst of misses queries once. */
  private readonly inflight = new Map<string, Promise<CatalogAnswer>>();
  /** Bumps Redis refused, retried until it takes them. */
  private pending: { tenantIds: Set<string>; national: boolean } | null = null;
  private retry: NodeJS.Timeout | null = null;
  /** Redis trouble is logged once until it answers again, not once per request. */
  private redisAway = false;
  /** Shutting down: the shared Redis connection is about to close, so requests still running read PostgreSQL. */
  private closing = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_CONFIG) config: ApiConfigValue,
  ) {
    // The deployment's Redis namespace (a hash tag, so the generations of one lookup share a cluster slot).
    this.prefix = `${config.QUEUE_PREFIX}:catalog`;
  }

  /** The answer for `key` (which must name everything the answer depends on) as `tenantId` sees it. */
  async answer(tenantId: string, key: string, compute: () => Promise<unknown>): Promise<CatalogAnswer> {
    const generation = this.closing ? null : await this.generation(tenantId);
    if (generation === null) return serialise(await compute());
    const localKey = `${tenantId}\n${key}`;
    const hit = this.local.get(localKey);
    if (hit && hit.generation === generation && hit.expiresAt > Date.now()) return hit.answer;
    const flight = `${generation}\n${localKey}`;
    let answer = this.inflight.get(flight);
    if (!answer) {
      answer = this.load(generation, localKey, compute).finally(() => this.inflight.delete(flight));
      this.inflight.set(flight, answer);
    }
    return answer;
  }

  /** Makes every answer in `scope` stale, on every instance; called once the catalog write has committed. */
  async invalidate(scope: CatalogScope): Promise<void> {
    try {
      await this.bump(scope);
    } catch (error) {
      this.logger.error(`catalog generation bump failed, retrying: ${String(error)}`);
      this.pending = {
        tenantIds: new Set([...(this.pending?.tenantIds ?? []), ...scope.tenantIds]),
        national: scope.national || (this.pending?.national ?? false),
      };
      this.retry ??= setInterval(() => void this.retryPending(), RETRY_MS).unref();
    }
  }

  onModuleDestroy() {
    this.closing = true;
  }

  onApplicationShutdown() {
    if (this.retry) clearInterval(this.retry);
  }

  private redisTrouble(message: string) {
    if (!this.redisAway) this.logger.warn(message);
    this.redisAway = true;
  }

  private nationalKey() {
    return `${this.prefix}:gen:national`;
  }

  private tenantKey(tenantId: string) {
    return `${this.prefix}:gen:tenant:${tenantId}`;
  }

  /** The generation of what `tenantId` sees, or null when Redis cannot tell. */
  private async generation(tenantId: string): Promise<string | null> {
    const keys = [this.nationalKey(), this.tenantKey(tenantId)];
    try {
      let tokens = await this.redis.mget(keys);
      if (tokens.some((t) => t === null)) {
        // First use (or Redis lost them): start at a fresh random token; NX keeps a concurrent start's.
        await Promise.all(
          keys.map(async (k, i) => {
            if (tokens[i] === null) await this.redis.set(k, randomUUID(), 'EX', GENERATION_TTL_S, 'NX');
          }),
        );
        tokens = await this.redis.mget(keys);
        if (tokens.some((t) => t === null)) return null;
      }
      if (this.redisAway) this.logger.log('catalog cache in use again: Redis answers');
      this.redisAway = false;
      return tokens.join('/');
    } catch (error) {
      this.redisTrouble(`catalog cache bypassed, Redis unavailable: ${String(error)}`);
      return null;
    }
  }

  private async load(generation: string, localKey: string, compute: () => Promise<unknown>): Promise<CatalogAnswer> {
    const shared = `${this.prefix}:answer:${createHash('sha256').update(`${generation}\n${localKey}`).digest('base64url')}`;
    try {
      const [[, body], [, ttl]] = ((await this.redis.pipeline().getBuffer(shared).pttl(shared).exec()) ?? []) as [[unknown, Buffer | null], [unknown, number]];
      if (body && ttl > 0) return this.keep(localKey, generation, withTag(body), ttl);
    } catch (error) {
      this.redisTrouble(`catalog answer not read from Redis: ${String(error)}`);
    }
    const answer = serialise(await compute());
    // Not awaited: the answer is already good for this request; other instances only gain from it.
    if (!this.closing) this.redis.set(shared, answer.body, 'PX', CATALOG_ANSWER_TTL_MS).catch((error: unknown) => this.redisTrouble(`catalog answer not stored in Redis: ${String(error)}`));
    return this.keep(localKey, generation, answer, CATALOG_ANSWER_TTL_MS);
  }

  private keep(localKey: string, generation: string, answer: CatalogAnswer, ttlMs: number): CatalogAnswer {
    const previous = this.local.get(localKey);
    if (previous) this.drop(localKey, previous);
    this.local.set(localKey, { generation, answer, expiresAt: Date.now() + ttlMs });
    this.localBytes += answer.body.length;
    // Map order is insertion order: the first entries are the oldest.
    for (const [key, entry] of this.local) {
      if (this.local.size <= LOCAL_MAX_ENTRIES && this.localBytes <= LOCAL_MAX_BYTES) break;
      this.drop(key, entry);
    }
    return answer;
  }

  private drop(key: string, entry: LocalEntry) {
    this.local.delete(key);
    this.localBytes -= entry.answer.body.length;
  }

  private async bump(scope: { tenantIds: Iterable<string>; national: boolean }) {
    const keys = [...(scope.national ? [this.nationalKey()] : []), ...[...scope.tenantIds].map((t) => this.tenantKey(t))];
    if (!keys.length) return;
    const bump = this.redis.multi();
    for (const key of keys) bump.set(key, randomUUID(), 'EX', GENERATION_TTL_S);
    const results = await bump.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error('catalog generation bump discarded');
  }

  private async retryPending() {
    const scope = this.pending;
    if (!scope) return;
    try {
      await this.bump(scope);
      if (this.pending === scope) {
        this.pending = null;
        if (this.retry) clearInterval(this.retry);
        this.retry = null;
      }
      this.logger.log('catalog generation bump retried successfully');
    } catch {
      /* still away: the next tick tries again */
    }
  }
}

function serialise(value: unknown): CatalogAnswer {
  return withTag(Buffer.from(JSON.stringify(value)));
}

function withTag(body: Buffer): CatalogAnswer {
  return { body, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
}
