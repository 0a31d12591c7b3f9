import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigError } from '@mahir/config';
import { createLogger, type LogLevel } from '../logging/logger';
import { exitGracefullyOnSignals } from './graceful-exit';

interface AppConfig {
  LOG_LEVEL: LogLevel;
  HOST: string;
}

export interface RunAppOptions<C extends AppConfig> {
  /** Names the process in logs and messages: `mahir-<service>`. */
  service: string;
  loadConfig: () => C;
  port: (config: C) => number;
  create: (config: C, logger: Logger) => Promise<INestApplication>;
}

/**
 * The start-up every app shares: validate the configuration (refuse with exit code 78
 * and the variable's name), log JSON, listen, and stop gracefully on SIGTERM/SIGINT.
 */
export async function runApp<C extends AppConfig>(options: RunAppOptions<C>): Promise<void> {
  const name = `mahir-${options.service}`;
  try {
    let config: C;
    try {
      config = options.loadConfig();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(`${name} refuses to start. ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    const logger = createLogger(options.service, config.LOG_LEVEL);
    const app = await options.create(config, logger);
    const port = options.port(config);
    await app.listen(port, config.HOST);
    exitGracefullyOnSignals(app, logger);
    logger.info({ url: `http://${config.HOST}:${port}` }, `${name} listening`);
  } catch (error) {
    console.error(`${name} failed to start:`, error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
