import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { ReadinessCheck } from '../health/readiness-check';

export const REDIS = Symbol('REDIS');

@Injectable()
export class RedisReadinessCheck implements ReadinessCheck {
  readonly name = 'redis';
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async check() {
    await this.redis.ping();
  }
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared ioredis connection per process, for rate limits and queue producers. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        // Fail fast: a request must not hang while Redis is away (readiness reports it).
        // BullMQ workers open their own blocking connections with maxRetriesPerRequest null.
        {
          provide: REDIS,
          useFactory: () => {
            const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
            // ioredis reconnects by itself and readiness reports the outage; without a listener each
            // connection error would also surface as an unhandled 'error' event.
            let lastLogged = 0;
            redis.on('error', (error: Error) => {
              if (Date.now() - lastLogged < 10_000) return;
              lastLogged = Date.now();
              new Logger('redis').warn(`Redis connection error: ${error.message}`);
            });
            return redis;
          },
        },
        RedisReadinessCheck,
        RedisCloser,
      ],
      exports: [REDIS, RedisReadinessCheck],
    };
  }
}
