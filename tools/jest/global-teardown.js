const fs = require('node:fs');
require('../paths');

module.exports = async () => {
  const state = globalThis.__MAHIR_TEST__;
  if (!state) return;
  if (state.worker) {
    const exit = await state.worker.stop();
    if (exit.code !== 0) console.error(`the test worker exited with ${exit.code ?? exit.signal}:\n${state.worker.output()}`);
  }
  await state.s3.close();
  if (state.smtp) await state.smtp.close();
  if (state.mailDir) fs.rmSync(state.mailDir, { recursive: true, force: true });
  fs.rmSync(state.s3dir, { recursive: true, force: true });
  if (!process.env.KEEP_TEST_DB) {
    const { dropDatabase } = require('../../dist/libs/persistence/src/index.js');
    await dropDatabase(state.env.DATABASE_URL);
  }
  // Remove this run's Redis keys (rate limits, queues).
  const Redis = require('ioredis');
  const redis = new Redis(state.env.REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${state.env.QUEUE_PREFIX}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
};
