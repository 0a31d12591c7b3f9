import { randomInt } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { emptyCourseDocument } from '@mahir/course';
import { createDataSource } from '../data-source';
import { sqlRows } from '../raw-sql';
import { AnswerKeyCorrection } from './answer-key-correction.entity';
import { CompetencyRevision } from './competency-revision.entity';
import { CourseRecord } from './course.entity';
import { CourseVersion } from './course-version.entity';
import { Employee } from './employee.entity';
import { Enrollment } from './enrollment.entity';
import { LearnerVersion } from './learner-version.entity';
import { LessonProgress } from './lesson-progress.entity';
import { NotificationPreference } from './notification-preference.entity';
import { Position } from './position.entity';
import { Tenant } from './tenant.entity';
import { Unit } from './unit.entity';

/** Tables no entity maps: the migrations' own bookkeeping. */
const UNMAPPED_TABLES: Readonly<Record<string, string>> = {
  schema_migration: 'TypeORM’s record of the migrations run',
};
/** `table.column` an entity deliberately leaves out, with the reason; none today. */
const UNMAPPED_COLUMNS: Readonly<Record<string, string>> = {};

interface DbColumn {
  table: string;
  column: string;
  /** format_type(): `integer`, `character(18)`, `numeric(4,1)`, `text[]`, `timestamp with time zone`… */
  type: string;
  nullable: boolean;
  /** A DEFAULT or an identity: an insert may leave the column out. */
  hasDefault: boolean;
  primary: boolean;
}

/** The migrated schema as the catalog sees it: ordinary and partitioned tables of public, no partition children. */
async function schemaColumns(db: DataSource): Promise<DbColumn[]> {
  return sqlRows<DbColumn>(db, `
    SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type",
           NOT a.attnotnull AS "nullable", (a.atthasdef OR a.attidentity <> '') AS "hasDefault",
           EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY (i.indkey)) AS "primary"
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY c.relname, a.attnum`);
}

/** The type an entity column declares, spelled as format_type() spells it. */
function declaredType(db: DataSource, column: ColumnMetadata): string {
  let type = db.driver.normalizeType({ type: column.type });
  if (type === 'character' || type === 'character varying') type += column.length ? `(${column.length})` : '';
  if (type === 'numeric' && column.precision != null) type += column.scale != null ? `(${column.precision},${column.scale})` : `(${column.precision})`;
  return column.isArray ? `${type}[]` : type;
}

const declaresDefault = (column: ColumnMetadata) =>
  column.default !== undefined || column.isGenerated || column.isCreateDate || column.isUpdateDate || column.isVersion;

/** Runs on the test database migrated by the Jest global setup. */
describe('entities', () => {
  let db: DataSource;
  let tables: Map<string, DbColumn[]>;
  beforeAll(async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is set by the Jest global setup: run this through jest-integration.config.js');
    db = await createDataSource({ url, poolSize: 2 }).initialize();
    tables = new Map();
    for (const column of await schemaColumns(db)) {
      if (column.table in UNMAPPED_TABLES) continue;
      tables.set(column.table, [...(tables.get(column.table) ?? []), column]);
    }
  });
  afterAll(() => db.destroy());

  it('maps every table of the schema to exactly one entity, and no entity to a table that does not exist', () => {
    const entitiesByTable = new Map<string, string[]>();
    for (const meta of db.entityMetadatas) entitiesByTable.set(meta.tableName, [...(entitiesByTable.get(meta.tableName) ?? []), meta.name]);
    const problems = [
      ...[...tables.keys()].filter((t) => !entitiesByTable.has(t)).map((t) => `table ${t} has no entity`),
      ...[...entitiesByTable].filter(([, names]) => names.length > 1).map(([t, names]) => `table ${t} has ${names.length} entities: ${names.join(', ')}`),
      ...[...entitiesByTable].filter(([t]) => !tables.has(t)).map(([t, names]) => `entity ${names.join(', ')} names table ${t}, which does not exist`),
    ];
    expect(problems).toEqual([]);
    expect(tables.size).toBeGreaterThanOrEqual(46);
  });

  it('declares every column as the migrations made it: type, nullability, default and primary key', () => {
    const problems: string[] = [];
    for (const meta of db.entityMetadatas) {
      const actual = new Map((tables.get(meta.tableName) ?? []).map((c) => [c.column, c]));
      if (actual.size === 0) continue; // reported by the test above
      const declared = new Map<string, ColumnMetadata>();
      for (const column of meta.columns) {
        const other = declared.get(column.databaseName);
        if (other && declaredType(db, other) !== declaredType(db, column)) problems.push(`${meta.name}: two properties map ${column.databaseName} with different types`);
        if (!other || column.relationMetadata === undefined) declared.set(column.databaseName, column);
      }
      for (const [name, column] of declared) {
        const where = `${meta.name}.${column.propertyPath} (${meta.tableName}.${name})`;
        const db_ = actual.get(name);
        if (!db_) {
          problems.push(`${where}: no such column in the table`);
          continue;
        }
        const type = declaredType(db, column);
        if (type !== db_.type) problems.push(`${where}: declared ${type}, the table has ${db_.type}`);
        if (column.isNullable !== db_.nullable) problems.push(`${where}: declared ${column.isNullable ? 'nullable' : 'NOT NULL'}, the table has ${db_.nullable ? 'nullable' : 'NOT NULL'}`);
        if (declaresDefault(column) !== db_.hasDefault) problems.push(`${where}: declares ${declaresDefault(column) ? 'a' : 'no'} default, the table has ${db_.hasDefault ? 'one' : 'none'}`);
        if (column.isPrimary !== db_.primary) problems.push(`${where}: declared ${column.isPrimary ? '' : 'not '}part of the primary key, the table has it ${db_.primary ? 'in' : 'out of'} it`);
      }
      for (const name of actual.keys()) {
        if (!declared.has(name) && !(`${meta.tableName}.${name}` in UNMAPPED_COLUMNS)) problems.push(`${meta.name}: table column ${meta.tableName}.${name} is not mapped`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('reads the seeded national dictionary’s history through its entity, with the competency it belongs to', async () => {
    const revision = await db.getRepository(CompetencyRevision).findOneOrFail({
      where: { revision: 1, change: 'created', competency: { code: 'M.1' } },
      relations: { competency: true },
    });
    expect(revision.competency).toMatchObject({ tenantId: null, type: 'manajerial', code: 'M.1' });
    expect(revision.frameworkVersion).toBe(0);
    expect(revision.changedAt).toBeInstanceOf(Date);
    expect(revision.snapshot).toMatchObject({ code: 'M.1' });
  });

  it('writes and reads back a course, its version, an enrollment and its progress through the entities (rolled back)', async () => {
    await rolledBack(db, async (tx) => {
      const suffix = String(randomInt(1e9)).padStart(9, '0');
      const tenant = await tx.save(tx.create(Tenant, { code: `ENTITY_${suffix}`, name: 'Entity test agency', timeZone: 'WITA' }));
      const unit = await tx.save(tx.create(Unit, { tenantId: tenant.id, code: 'ROOT', name: 'Root' }));
      const position = await tx.save(tx.create(Position, { tenantId: tenant.id, code: 'STAFF', name: 'Staff', positionClass: 'pelaksana' }));
      const employee = await tx.save(
        tx.create(Employee, { tenantId: tenant.id, nip: `198503152010${suffix.slice(0, 6)}`, fullName: 'Entity Test', email: `entity${suffix}@example.id`, unitId: unit.id, positionId: position.id }),
      );
      const course = await tx.save(tx.create(CourseRecord, { tenantId: tenant.id, publishedVersion: 1 }));
      await tx.insert(CourseVersion, { courseId: course.id, version: 1, tenantId: tenant.id, title: 'Entity course', document: emptyCourseDocument('Entity course') });
      const { id } = await tx.save(
        tx.create(Enrollment, { tenantId: tenant.id, employeeId: employee.id, courseId: course.id, courseVersion: 1, status: 'active', origin: 'self', activatedAt: new Date(), finalGrade: '87.5' }),
      );
      await tx.insert(LessonProgress, { enrollmentId: id, lessonId: 'l1', tenantId: tenant.id, startedAt: new Date(), position: '12.5', percent: 40, updatedAt: new Date() });
      await tx.insert(NotificationPreference, { employeeId: employee.id, tenantId: tenant.id, emailEnabled: false });
      await tx.insert(AnswerKeyCorrection, { tenantId: tenant.id, courseId: course.id, version: 1, questionId: 'q1', key: { correctOptionIds: ['a'] }, reason: 'typo in the key' });

      const enrollment = await tx.findOneByOrFail(Enrollment, { id });
      expect(enrollment).toMatchObject({ status: 'active', origin: 'self', courseVersion: 1, mandatory: false, progressPercent: 0, finalGrade: '87.5', assignmentId: null });
      expect(enrollment.requestedAt).toBeInstanceOf(Date);
      expect((await tx.findOneByOrFail(CourseVersion, { courseId: course.id, version: 1 })).document.grading.passMark).toBe(70);
      expect(await tx.findOneByOrFail(LessonProgress, { enrollmentId: id, lessonId: 'l1' })).toMatchObject({ position: '12.5', percent: 40, secondsSpent: 0, completedAt: null });
      // Kept by triggers: one bump for the enrollment, one for the progress; bigint arrives as a string.
      expect(await tx.findOneByOrFail(LearnerVersion, { employeeId: employee.id })).toEqual({ employeeId: employee.id, version: '2' });
      expect(await tx.findOneByOrFail(NotificationPreference, { employeeId: employee.id })).toMatchObject({ locale: 'id', emailEnabled: false, disabledKinds: [] });
      const correction = await tx.findOneByOrFail(AnswerKeyCorrection, { courseId: course.id });
      expect(correction.seq).toMatch(/^\d+$/);
      expect(correction.key).toEqual({ correctOptionIds: ['a'] });
    });
  });
});

/** Runs `work` in a transaction that is always rolled back: the test leaves no rows behind. */
async function rolledBack(db: DataSource, work: (tx: EntityManager) => Promise<void>): Promise<void> {
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await work(runner.manager);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}
