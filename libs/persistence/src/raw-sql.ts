import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * Runs one raw SQL statement and gives its rows the type the caller declares. Raw SQL is kept
 * for the statements a benchmark budget needs (bulk assignment, progress ingest, reports, the
 * outbox relay, ledger appends); each lives in one repository method that declares its row
 * type and names the budget in a comment (decision 0018). Everything else goes through an
 * entity's repository or the query builder.
 */
export async function sqlRows<Row extends object>(runner: DataSource | EntityManager | QueryRunner, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  const rows: unknown = await runner.query(sql, [...params]);
  if (!Array.isArray(rows)) throw new Error('sqlRows: the statement returned no row set');
  return rows as Row[];
}

/** The first row of a raw statement, or null when it returned none. */
export async function sqlRow<Row extends object>(runner: DataSource | EntityManager | QueryRunner, sql: string, params: readonly unknown[] = []): Promise<Row | null> {
  return (await sqlRows<Row>(runner, sql, params))[0] ?? null;
}

/** A raw statement run for its effect alone (a batched write). */
export async function sqlExec(runner: DataSource | EntityManager | QueryRunner, sql: string, params: readonly unknown[] = []): Promise<void> {
  await runner.query(sql, [...params]);
}
