import 'reflect-metadata';
import { loadBaseConfig } from '@mahir/config';
import { createStorageClient, ensureBucket } from '@mahir/storage';
import { createDataSource } from './data-source';
import { ensureDatabase } from './database-admin';
import { loadReferenceData } from './seed/reference-data';
import { seedDemo, SUPER_ADMIN_LOGIN } from './seed/seed-demo';
import { DEMO_PASSWORD } from './seed/demo-data';

/**
 * `prepare`: create the database and bucket if missing, run pending migrations.
 * `seed`: load the demo agencies (idempotent) and print the demo logins.
 */
async function main(command: string | undefined) {
  const config = loadBaseConfig();
  if (command === 'prepare' || command === 'migrate') {
    const db = await ensureDatabase(config.DATABASE_URL);
    if (db.created) console.log(`Created database ${db.name}`);
    const dataSource = await createDataSource({ url: config.DATABASE_URL, poolSize: 1 }).initialize();
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      console.log(ran.length ? `Applied migrations: ${ran.map((m) => m.name).join(', ')}` : 'Database schema is up to date');
      const reference = await loadReferenceData(dataSource);
      console.log(`National competency dictionary: ${reference.competencies} competencies`);
    } finally {
      await dataSource.destroy();
    }
    if (command === 'prepare') {
      await ensureBucket(createStorageClient(config), config.S3_BUCKET, config.S3_REGION);
      console.log(`Bucket ${config.S3_BUCKET} is ready`);
    }
    return;
  }
  if (command === 'seed') {
    const dataSource = await createDataSource({ url: config.DATABASE_URL, poolSize: 2 }).initialize();
    try {
      const summary = await seedDemo(dataSource);
      console.log(`Demo data: ${summary.agencies} agencies, ${summary.employees} employees (password for every login: ${DEMO_PASSWORD})`);
      console.log(`  super_admin       ${SUPER_ADMIN_LOGIN.email}`);
      for (const l of summary.logins) {
        console.log(`  ${l.agencyCode.padEnd(9)} ${l.role.padEnd(15)} NIP ${l.nip}  ${l.email}`);
      }
    } finally {
      await dataSource.destroy();
    }
    return;
  }
  throw new Error(`Unknown command "${command ?? ''}": use prepare, migrate or seed`);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
