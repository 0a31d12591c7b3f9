import 'reflect-metadata';
import { ConfigError, loadApiConfig } from '@mahir/config';
import { createLogger, exitGracefullyOnSignals } from '@mahir/runtime';
import { createApiApp } from './app.factory';

async function main() {
  let config;
  try {
    config = loadApiConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`mahir-api refuses to start. ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger('api', config.LOG_LEVEL);
  const app = await createApiApp(config, logger);
  await app.listen(config.API_PORT, config.HOST);
  exitGracefullyOnSignals(app, logger);
  logger.info({ url: `http://${config.HOST}:${config.API_PORT}` }, 'mahir-api listening');
}

main().catch((error: unknown) => {
  console.error('mahir-api failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
