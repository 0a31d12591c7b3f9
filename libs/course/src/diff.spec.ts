import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { CourseDocument } from './course-document';
import { diffDocuments, type DocumentChange } from './diff';
import { courseDocumentArbitrary, publishableCourseDocumentArbitrary } from './test-support/arbitraries';
import { sampleCourseDocument } from './test-support/sample-course';

function sampleWith(edit: (d: CourseDocument) => void): CourseDocument {
  const d = sampleCourseDocument();
  edit(d);
  return d;
}
const diffFromSample = (edit: (d: CourseDocument) => void) => diffDocuments(sampleCourseDocument(), sampleWith(edit));

// JSON, not structuredClone: under Jest that returns objects of another realm, which isDeepStrictEqual (the oracle) never equates.
const clone = (d: CourseDocument): CourseDocument => JSON.parse(JSON.stringify(d));

type Container = Record<string | number, unknown>;

/** Every (container, key) slot of a document, pre-order. */
function slots(value: unknown, out: { parent: Container; key: string | number }[] = []) {
  if (typeof value !== 'object' || value === null) return out;
  for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
    out.push({ parent: value as Container, key });
    slots((value as Container)[key], out);
  }
  return out;
}

/** One small, mostly type-preserving edit somewhere in a copy of `doc` (sometimes none at all). */
function mutate(doc: CourseDocument, pick: number, op: number): CourseDocument {
  const copy = clone(doc);
  const all = slots(copy);
  if (all.length === 0) return copy;
  const { parent, key } = all[pick % all.length];
  const v = parent[key];
  if (typeof v === 'number') parent[key] = v + 1;
  else if (typeof v === 'string') parent[key] = `${v}x`;
  else if (typeof v === 'boolean') parent[key] = !v;
  else if (v === null) parent[key] = typeof key === 'string' && /Id$|Key$|url|category|feedback/.test(key) ? 'baru' : 1;
  else if (Array.isArray(v) && v.length > 0) {
    if (op % 3 === 0) v.splice(op % v.length, 1);
    else if (op % 3 === 1) v.reverse();
    else v.push(v.shift());
  }
  return copy;
}

describe('diffDocuments', () => {
  it('finds nothing between a document and itself or its copy', () => {
    const a = sampleCourseDocument();
    expect(diffDocuments(a, a)).toEqual([]);
    expect(diffDocuments(a, sampleCourseDocument())).toEqual([]);
  });

  it('reports a changed course field by value', () => {
    expect(diffFromSample((d) => (d.jpMinutes = 270))).toEqual([{ path: 'jpMinutes', change: 'changed', before: 180, after: 270 }]);
    expect(diffFromSample((d) => (d.certificateTemplateId = null))).toEqual([
      { path: 'certificateTemplateId', change: 'changed', before: '0e8f9d7c-1111-4222-8333-444455556666', after: null },
    ]);
  });

  it('reports a renamed lesson as one change with before and after', () => {
    expect(diffFromSample((d) => (d.modules[0].lessons[1].title = 'Maklumat pelayanan (revisi)'))).toEqual([
      { path: 'modules[id=m1].lessons[id=l2].title', change: 'changed', before: 'Maklumat pelayanan', after: 'Maklumat pelayanan (revisi)' },
    ]);
  });

  it('reports a lesson moved within its module as one move, not a shift of its neighbours', () => {
    const changes = diffFromSample((d) => {
      const [first, ...rest] = d.modules[0].lessons;
      d.modules[0].lessons = [...rest, first];
    });
    expect(changes).toEqual([
      { path: 'modules[id=m1].lessons[id=l1]', change: 'moved', before: { index: 0, moduleId: 'm1' }, after: { index: 2, moduleId: 'm1' } },
    ]);
  });

  it('reports a lesson moved to another module as one move, named where it now is', () => {
    const changes = diffFromSample((d) => d.modules[1].lessons.splice(1, 0, d.modules[0].lessons.splice(2, 1)[0]));
    expect(changes).toEqual([
      { path: 'modules[id=m2].lessons[id=l3]', change: 'moved', before: { index: 2, moduleId: 'm1' }, after: { index: 1, moduleId: 'm2' } },
    ]);
  });

  it('reports a moved and renamed lesson as a move plus a change', () => {
    const changes = diffFromSample((d) => {
      const [l1] = d.modules[0].lessons.splice(0, 1);
      d.modules[1].lessons.push({ ...l1, title: 'Penutup' });
    });
    expect(changes.map((c) => [c.path, c.change])).toEqual([
      ['modules[id=m2].lessons[id=l1]', 'moved'],
      ['modules[id=m2].lessons[id=l1].title', 'changed'],
    ]);
  });

  it('reports reordered modules as one move', () => {
    expect(diffFromSample((d) => d.modules.reverse())).toEqual([
      { path: 'modules[id=m2]', change: 'moved', before: { index: 1 }, after: { index: 0 } },
    ]);
  });

  it('reports an added or removed question as one change', () => {
    const extra = { ...sampleCourseDocument().questionBank[4], id: 'q7', prompt: 'Berapa JP untuk 90 menit?', numericAnswer: 2 };
    expect(diffFromSample((d) => d.questionBank.push(extra))).toEqual([{ path: 'questionBank[id=q7]', change: 'added', after: extra }]);
    const q6 = sampleCourseDocument().questionBank[5];
    expect(diffFromSample((d) => d.questionBank.pop())).toEqual([{ path: 'questionBank[id=q6]', change: 'removed', before: q6 }]);
  });

  it('names options, competencies, weights, prerequisites and quiz questions by id', () => {
    const changes = diffFromSample((d) => {
      d.competencies[0].level = 3;
      d.grading.weights[1].weight = 50;
      d.prerequisites = ['b0000000-0000-4000-8000-000000000001'];
      const quiz = d.modules[1].lessons[0];
      if (quiz.kind === 'quiz') quiz.questionIds.pop();
      d.questionBank[0].options[1].correct = true;
    });
    expect(changes).toEqual([
      { path: 'competencies[id=7b0a4c52-3d7e-4f7a-9d55-0c6f7a3b2e11].level', change: 'changed', before: 2, after: 3 },
      { path: 'grading.weights[id=l5].weight', change: 'changed', before: 40, after: 50 },
      { path: 'prerequisites[id=a3e4b5c6-7777-4888-9999-aaaabbbbcccc]', change: 'removed', before: 'a3e4b5c6-7777-4888-9999-aaaabbbbcccc' },
      { path: 'prerequisites[id=b0000000-0000-4000-8000-000000000001]', change: 'added', after: 'b0000000-0000-4000-8000-000000000001' },
      { path: 'modules[id=m2].lessons[id=l4].questionIds[id=q6]', change: 'removed', before: 'q6' },
      { path: 'questionBank[id=q1].options[id=o2].correct', change: 'changed', before: false, after: true },
    ]);
  });

  it('reports a removed module once, with its lessons, and a new lesson in an old module by itself', () => {
    const before = sampleCourseDocument();
    const changes = diffFromSample((d) => {
      d.modules.shift();
      d.modules[0].lessons.push({ id: 'l9', kind: 'text', title: 'Refleksi', required: false, estimatedMinutes: 5, markdown: 'Apa yang Anda pelajari?' });
    });
    expect(changes.map((c) => [c.path, c.change])).toEqual([
      ['modules[id=m1]', 'removed'],
      ['modules[id=m2].lessons[id=l9]', 'added'],
    ]);
    expect(changes[0].before).toEqual(before.modules[0]);
  });

  it('reports a change of lesson kind field by field', () => {
    const changes = diffFromSample((d) => {
      d.modules[0].lessons[2] = { id: 'l3', kind: 'text', title: 'PermenPANRB 15/2014', required: false, estimatedMinutes: 30, markdown: 'Ringkasan' };
    });
    expect(changes).toEqual([
      { path: 'modules[id=m1].lessons[id=l3].kind', change: 'changed', before: 'document', after: 'text' },
      { path: 'modules[id=m1].lessons[id=l3].markdown', change: 'added', after: 'Ringkasan' },
      { path: 'modules[id=m1].lessons[id=l3].objectKey', change: 'removed', before: 'docs/permenpanrb-15-2014.pdf' },
    ]);
  });

  it('tells repeated ids apart', () => {
    const a = sampleWith((d) => (d.modules[1].lessons[1].id = 'l1'));
    const b = clone(a);
    b.modules[1].lessons[1].title = 'Tugas';
    expect(diffDocuments(a, b)).toEqual([
      { path: 'modules[id=m2].lessons[id=l1#2].title', change: 'changed', before: 'Susun standar pelayanan unit Anda', after: 'Tugas' },
    ]);
  });

  describe('properties', () => {
    const pair = fc.oneof(
      courseDocumentArbitrary().chain((a) => fc.tuple(fc.constant(a), fc.nat(), fc.nat()).map(([a, pick, op]) => [a, mutate(a, pick, op)] as const)),
      publishableCourseDocumentArbitrary().chain((a) => fc.tuple(fc.constant(a), fc.nat(), fc.nat()).map(([a, pick, op]) => [a, mutate(a, pick, op)] as const)),
      fc.tuple(courseDocumentArbitrary(), courseDocumentArbitrary()),
    );

    it('finds nothing between a document and its copy', () => {
      // structuredClone's copy comes from another realm here, like a document parsed in a worker.
      fc.assert(fc.property(courseDocumentArbitrary({ anyNumbers: true }), (a) => expect(diffDocuments(a, structuredClone(a))).toEqual([])));
    });

    it('finds nothing exactly when the documents are deeply equal', () => {
      fc.assert(
        fc.property(pair, ([a, b]) => {
          expect(diffDocuments(a, b).length === 0).toBe(isDeepStrictEqual(a, b));
        }),
        { numRuns: 500 },
      );
    });

    it('is deterministic, names each change once, and carries the values its kind needs', () => {
      fc.assert(
        fc.property(pair, ([a, b]) => {
          const changes = diffDocuments(a, b);
          expect(diffDocuments(clone(a), clone(b))).toEqual(changes);
          expect(new Set(changes.map((c) => `${c.change} ${c.path}`)).size).toBe(changes.length);
          for (const c of changes) expect(Object.keys(c).sort()).toEqual(keysFor(c));
        }),
      );
    });
  });
});

function keysFor(c: DocumentChange): string[] {
  return { added: ['after'], removed: ['before'], changed: ['after', 'before'], moved: ['after', 'before'] }[c.change].concat('change', 'path').sort();
}
