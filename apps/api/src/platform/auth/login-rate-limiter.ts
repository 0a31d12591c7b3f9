import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { REDIS } from '@mahir/runtime';
import { API_CONFIG, type ApiConfigValue } from '../../api-config';
import { Problem } from '../problem/problem';

/**
 * Two limits, both kept in Redis so every API instance shares them: attempts per
 * client address, and failures per account (cleared by a successful login).
 */
@Injectable()
export class LoginRateLimiter {
  private readonly perAddress: RateLimiterRedis;
  private readonly perAccount: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(API_CONFIG) config: ApiConfigValue) {
    const prefix = `${config.QUEUE_PREFIX}:login`;
    this.perAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:addr`,
      points: config.LOGIN_MAX_ATTEMPTS_PER_ADDRESS,
      duration: config.LOGIN_WINDOW_SECONDS,
    });
    this.perAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:acct`,
      points: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      duration: config.LOGIN_WINDOW_SECONDS,
    });
  }

  /** Counts an attempt from `address` and refuses when either limit is spent. */
  async admit(address: string, account: string): Promise<void> {
    try {
      await this.perAddress.consume(address);
    } catch (error) {
      throw tooMany(error);
    }
    const failures = await this.perAccount.get(account);
    if (failures && failures.remainingPoints <= 0) throw tooMany(failures);
  }

  async failed(account: string): Promise<void> {
    await this.perAccount.penalty(account, 1);
  }

  async succeeded(account: string): Promise<void> {
    await this.perAccount.delete(account);
  }
}

function tooMany(error: unknown): Problem {
  if (!(error instanceof RateLimiterRes)) throw error;
  const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
  return new Problem(429, 'auth.tooManyFailures', { seconds }, [], { retryAfter: seconds });
}
