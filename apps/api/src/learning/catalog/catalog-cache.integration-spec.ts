import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { CourseDocument } from '@mahir/course';
import { REDIS } from '@mahir/runtime';
import { expectProblem } from '../../test-support/auth-helpers';
import { publishableCourse, publishCourse, saveAndPublish } from '../../test-support/course-fixtures';
import { nationalCompetencies } from '../../test-support/ledger-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';
import { CatalogCache } from './catalog-cache';
import { refreshCatalogEntry } from './catalog-writer';

/**
 * The catalog answer cache (decision 0012) never serves what a learner should no longer see.
 * Two API instances share PostgreSQL and Redis, as in production: every write goes through one,
 * every read through the other unless said otherwise. Each test first shows that the cache is
 * really answering (a row changed behind the API's back stays unseen), so none passes vacuously.
 */
interface Item {
  courseId: string;
  version: number;
  title: string;
  national: boolean;
}

const uniqueWord = () => `cache${Array.from({ length: 10 }, () => 'bcdfghjkmnpqrstvwxyz'[Math.floor(Math.random() * 20)]).join('')}`;

describe('catalog answer cache', () => {
  let writer: TestApp;
  let reader: TestApp;
  let a: Agency;
  let b: Agency;
  let nat: Record<string, string>;
  const auth = {} as { adminA: string; learnerA: string; adminB: string; learnerB: string };

  const doc = (fields: Partial<CourseDocument>): CourseDocument =>
    publishableCourse({ competencies: [{ competencyId: nat['M.5'], level: 2, validityMonths: 24 }], ...fields });
  const list = async (as: string, q: string, via = reader) => {
    const res = await via.http().get('/api/v1/catalog').query({ q, sort: 'title' }).set('Authorization', as);
    expect(`${res.status} ${res.text.slice(0, 300)}`).toMatch(/^200 /);
    return res.body as { items: Item[]; total: number };
  };
  const titles = async (as: string, q: string, via = reader) => (await list(as, q, via)).items.map((i) => i.title);
  /** Changes a catalog row without going through the writer: nothing invalidates, so only the cache can hide it. */
  const renameBehindTheApi = (courseId: string, title: string) => writer.db.query(`UPDATE course_catalog SET title = $2 WHERE course_id = $1`, [courseId, title]);

  beforeAll(async () => {
    [writer, reader] = [await startTestApp(), await startTestApp()];
    [a, b] = [await createAgency(writer.db), await createAgency(writer.db, 'WITA')];
    nat = await nationalCompetencies(writer.db);
    auth.adminA = await bearer(writer, a.people.training_admin.email);
    auth.learnerA = await bearer(writer, a.people.learner.email);
    auth.adminB = await bearer(writer, b.people.training_admin.email);
    auth.learnerB = await bearer(writer, b.people.learner.email);
  });
  afterAll(async () => {
    await writer.app.close();
    await reader.app.close();
  });

  it('answers from the cache, and shows a publish, a new version and an archive at once on every instance', async () => {
    const word = uniqueWord();
    const first = await publishCourse(writer, auth.adminA, doc({ title: 'Arsip Pertama', summary: word }));
    expect(await titles(auth.learnerA, word)).toEqual(['Arsip Pertama']);

    // Cached: the reader keeps its answer, and the writer instance gets the same one from Redis.
    await renameBehindTheApi(first, 'Diubah Diam-Diam');
    expect(await titles(auth.learnerA, word)).toEqual(['Arsip Pertama']);
    expect(await titles(auth.learnerA, word, writer)).toEqual(['Arsip Pertama']);

    const second = await publishCourse(writer, auth.adminA, doc({ title: 'Berkas Kedua', summary: word }));
    expect(await titles(auth.learnerA, word)).toEqual(['Berkas Kedua', 'Diubah Diam-Diam']);

    await saveAndPublish(writer, auth.adminA, first, doc({ title: 'Arsip Versi Dua', summary: word }));
    const page = await list(auth.learnerA, word);
    expect(page.items.map((i) => [i.title, i.version])).toEqual([['Arsip Versi Dua', 2], ['Berkas Kedua', 1]]);

    await writer.http().post(`/api/v1/courses/${second}/archive`).set('Authorization', auth.adminA).expect(200);
    expect(await list(auth.learnerA, word)).toMatchObject({ total: 1, items: [{ courseId: first, title: 'Arsip Versi Dua' }] });
  });

  it('keeps agencies apart under the same query, and follows a course in and out of national visibility', async () => {
    const word = uniqueWord();
    await publishCourse(writer, auth.adminA, doc({ title: 'A Khusus', summary: word, visibility: 'tenant' }));
    const national = await publishCourse(writer, auth.adminA, doc({ title: 'A Nasional', summary: word, visibility: 'national' }));
    const ofB = await publishCourse(writer, auth.adminB, doc({ title: 'B Khusus', summary: word, visibility: 'tenant' }));
    expect(await titles(auth.learnerA, word)).toEqual(['A Khusus', 'A Nasional']);
    expect(await titles(auth.learnerB, word)).toEqual(['A Nasional', 'B Khusus']);

    await renameBehindTheApi(ofB, 'B Diubah Diam-Diam');
    expect(await titles(auth.learnerB, word)).toEqual(['A Nasional', 'B Khusus']);

    // Agency A's national course becomes A's own: agency B's cached answer must drop it at once.
    await saveAndPublish(writer, auth.adminA, national, doc({ title: 'A Nasional', summary: word, visibility: 'tenant' }));
    expect(await titles(auth.learnerB, word)).toEqual(['B Diubah Diam-Diam']);
    expect(await titles(auth.learnerA, word)).toEqual(['A Khusus', 'A Nasional']);

    // A new national course of A reaches B at once; a course B keeps to itself never reaches A.
    await publishCourse(writer, auth.adminA, doc({ title: 'A Nasional Baru', summary: word, visibility: 'national' }));
    await publishCourse(writer, auth.adminB, doc({ title: 'B Khusus Baru', summary: word, visibility: 'tenant' }));
    expect(await titles(auth.learnerB, word)).toEqual(['A Nasional Baru', 'B Diubah Diam-Diam', 'B Khusus Baru']);
    expect(await titles(auth.learnerA, word)).toEqual(['A Khusus', 'A Nasional', 'A Nasional Baru']);
  });

  it('revalidates with the entity tag: 304 while nothing changed, the new page after a publish', async () => {
    const word = uniqueWord();
    await publishCourse(writer, auth.adminA, doc({ title: 'Etag Satu', summary: word }));
    const path = `/api/v1/catalog?q=${word}`;
    const first = await reader.http().get(path).set('Authorization', auth.learnerA).expect(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const etag = first.headers['etag'];
    expect(etag).toEqual(expect.any(String));
    await reader.http().get(path).set('Authorization', auth.learnerA).set('If-None-Match', etag).expect(304);

    await publishCourse(writer, auth.adminA, doc({ title: 'Etag Dua', summary: word }));
    const after = await reader.http().get(path).set('Authorization', auth.learnerA).set('If-None-Match', etag).expect(200);
    expect(after.headers['etag']).not.toBe(etag);
    expect(after.body.total).toBe(2);
  });

  it('reads a query string once but refuses a bad one every time', async () => {
    const word = uniqueWord();
    await publishCourse(writer, auth.adminA, doc({ title: 'Kueri Sama', summary: word }));
    for (let i = 0; i < 2; i++) {
      expectProblem(await reader.http().get(`/api/v1/catalog?q=${word}&level=6`).set('Authorization', auth.learnerA), 400, 'request.validation');
      expect((await reader.http().get(`/api/v1/catalog?q=${word}`).set('Authorization', auth.learnerA).expect(200)).body.total).toBe(1);
    }
    // The same query in another order, and with the competency id in capitals, is the same question.
    const upper = nat['M.5'].toUpperCase();
    const one = await reader.http().get(`/api/v1/catalog?competencyId=${nat['M.5']}&q=${word}`).set('Authorization', auth.learnerA).expect(200);
    const two = await reader.http().get(`/api/v1/catalog?q=${word}&competencyId=${upper}`).set('Authorization', auth.learnerA).expect(200);
    expect(two.body).toEqual(one.body);
    expect(one.body.total).toBe(1);
  });

  it('invalidates only once the write is committed, and not at all when it rolls back', async () => {
    // Invalidating before the commit would let a reader file the old rows under the new generation.
    const word = uniqueWord();
    const cache = writer.app.get(CatalogCache);
    const seenAtInvalidation: unknown[] = [];
    const invalidate = cache.invalidate.bind(cache);
    const spy = jest.spyOn(cache, 'invalidate').mockImplementation(async (scope) => {
      // The reader instance's own pool: another session, which sees committed rows only.
      seenAtInvalidation.push(await reader.db.query(`SELECT title FROM course_catalog WHERE summary = $1`, [word]));
      return invalidate(scope);
    });
    try {
      const id = await publishCourse(writer, auth.adminA, doc({ title: 'Sudah Tersimpan', summary: word }));
      expect(seenAtInvalidation).toEqual([[{ title: 'Sudah Tersimpan' }]]);

      await writer.db.query(`UPDATE course SET archived_at = now() WHERE id = $1`, [id]);
      await expect(
        writer.db.transaction(async (tx) => {
          await refreshCatalogEntry(tx, id);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(spy).toHaveBeenCalledTimes(1);
      expect(await titles(auth.learnerA, word)).toEqual(['Sudah Tersimpan']);
    } finally {
      spy.mockRestore();
    }
  });

  it('never serves an answer computed before a write, nor one filed under a generation Redis has lost', async () => {
    const caches = [writer.app.get(CatalogCache), reader.app.get(CatalogCache)];
    const tenantId = randomUUID();
    let release: ((rows: unknown) => void) | undefined;
    // A read that started before the write (it took the old generation) and finishes after it.
    const slow = caches[1].answer(tenantId, 'k', () => new Promise((resolve) => (release = resolve)));
    while (!release) await new Promise((r) => setTimeout(r, 5));
    await caches[0].invalidate({ tenantIds: [tenantId], national: false });
    release({ rows: 'before' });
    expect(JSON.parse((await slow).body.toString())).toEqual({ rows: 'before' });
    for (const cache of caches) {
      expect(JSON.parse((await cache.answer(tenantId, 'k', async () => ({ rows: 'after' }))).body.toString())).toEqual({ rows: 'after' });
    }

    // Redis restarted empty: the generation starts again from a fresh random token, never an old one.
    const redis = writer.app.get<symbol, Redis>(REDIS);
    expect(await redis.del(`${writer.config.QUEUE_PREFIX}:catalog:gen:tenant:${tenantId}`)).toBe(1);
    for (const cache of caches) {
      expect(JSON.parse((await cache.answer(tenantId, 'k', async () => ({ rows: 'restarted' }))).body.toString())).toEqual({ rows: 'restarted' });
    }
  });

  it('reads PostgreSQL on every request while Redis is away, so answers stay fresh', async () => {
    const word = uniqueWord();
    const cut = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      await publishCourse(writer, auth.adminA, doc({ title: 'Tanpa Redis', summary: word }));
      expect(await titles(auth.learnerA, word, cut)).toEqual(['Tanpa Redis']);
      const later = await publishCourse(writer, auth.adminA, doc({ title: 'Tanpa Redis Lagi', summary: word }));
      expect(await titles(auth.learnerA, word, cut)).toEqual(['Tanpa Redis', 'Tanpa Redis Lagi']);
      await renameBehindTheApi(later, 'Langsung Terlihat');
      expect(await titles(auth.learnerA, word, cut)).toEqual(['Langsung Terlihat', 'Tanpa Redis']);
    } finally {
      await cut.app.close();
    }
  });
});
