import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';

const SHUTDOWN_TIMEOUT_MS = 25_000;

/**
 * SIGTERM/SIGINT: stop accepting work, let running requests and jobs finish (the
 * modules' shutdown hooks close workers, Redis and the database), then exit 0.
 * A second signal, or a hang past the timeout, exits at once with 1.
 */
export function exitGracefullyOnSignals(app: INestApplicationContext, logger: Logger): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    app.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
