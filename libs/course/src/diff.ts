import type { CourseDocument, CourseModule, Lesson } from './course-document';

export interface DocumentChange {
  path: string;
  change: 'added' | 'removed' | 'changed' | 'moved';
  before?: unknown;
  after?: unknown;
}

/** Where a moved item sat: its index in its list (0-based), and for lessons the id of their module. */
export interface ItemPosition {
  index: number;
  moduleId?: string;
}

type Json = Record<string, unknown>;
type Out = DocumentChange[];
type FieldDiff = (path: string, before: unknown, after: unknown, out: Out) => void;

// Field orders follow the type declarations, so changes come out in document order.
const DOCUMENT_FIELDS = [
  'title', 'summary', 'description', 'coverObjectKey', 'category', 'language', 'jpMinutes', 'competencies', 'enrollmentPolicy',
  'visibility', 'certificateTemplateId', 'grading', 'prerequisites', 'modules', 'questionBank',
];
const GRADING_FIELDS = ['passMark', 'weights', 'attemptsAllowed'];
const COMPETENCY_FIELDS = ['competencyId', 'level', 'validityMonths'];
const WEIGHT_FIELDS = ['lessonId', 'weight'];
const MODULE_FIELDS = ['id', 'title']; // lessons are matched across modules
const LESSON_FIELDS = [
  'id', 'kind', 'title', 'required', 'estimatedMinutes', 'markdown', 'objectKey', 'url', 'completionThreshold', 'questionIds', 'drawCount',
  'shuffle', 'timeLimitMinutes', 'attemptsAllowed', 'passMark', 'instructions', 'maxPoints',
];
const QUESTION_FIELDS = [
  'id', 'kind', 'prompt', 'points', 'options', 'acceptedAnswers', 'caseSensitive', 'ignoreSpaces', 'numericAnswer', 'tolerance',
];
const OPTION_FIELDS = ['id', 'text', 'correct', 'feedback'];

function join(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Structural equality, Object.is on leaves. Not util.isDeepStrictEqual: that also compares prototypes, and
 * documents parsed in another realm (a VM context, a worker) would then never be equal to ours.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const [x, y] = [a as Json, b as Json];
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && sameValue(x[k], y[k]));
}

/** A leaf (or a list compared as a whole): added, removed or changed by deep value. */
function diffValue(path: string, before: unknown, after: unknown, out: Out): void {
  if (before === undefined && after === undefined) return;
  if (before === undefined) out.push({ path, change: 'added', after });
  else if (after === undefined) out.push({ path, change: 'removed', before });
  else if (!sameValue(before, after)) out.push({ path, change: 'changed', before, after });
}

/** Known fields in declared order, then any others sorted; `special` diffs a field whose both sides are present. */
function diffFields(path: string, before: Json, after: Json, order: readonly string[], out: Out, special: Record<string, FieldDiff> = {}): void {
  const known = new Set(order);
  const others = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !known.has(k)).sort();
  for (const field of [...order, ...others]) {
    const [b, a] = [before[field], after[field]];
    const diff = special[field];
    if (diff !== undefined && b !== undefined && a !== undefined) diff(join(path, field), b, a, out);
    else diffValue(join(path, field), b, a, out);
  }
}

function objectDiff(order: readonly string[], special: Record<string, FieldDiff> = {}): FieldDiff {
  return (path, before, after, out) => {
    if (isObject(before) && isObject(after)) diffFields(path, before, after, order, out, special);
    else diffValue(path, before, after, out);
  };
}

interface Keyed<T> {
  /** Unique within the list even when ids repeat (the n-th 'x' gets its own key). */
  key: string;
  /** How the item is named in paths: its id, with '#n' for the n-th repeat of an id. */
  label: string;
  item: T;
  index: number;
}

function keyed<T>(items: readonly T[], idOf: (item: T) => string): Keyed<T>[] {
  const seen = new Map<string, number>();
  return items.map((item, index) => {
    const id = idOf(item);
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return { key: JSON.stringify([id, n]), label: n === 0 ? id : `${id}#${n + 1}`, item, index };
  });
}

/**
 * The keys that keep their relative order: a longest increasing subsequence of their old indices taken
 * in new order (keys with no old index are skipped). Everything else is 'moved', so moving one item is
 * one change, not a shift of its neighbours.
 */
function unmoved(keysInNewOrder: readonly string[], oldIndexOf: (key: string) => number | undefined): Set<string> {
  const survivors = keysInNewOrder.flatMap((key) => {
    const oldIndex = oldIndexOf(key);
    return oldIndex === undefined ? [] : [{ key, oldIndex }];
  });
  const tails: number[] = []; // tails[k]: position in survivors of the smallest tail of a run of length k+1
  const prev: number[] = [];
  survivors.forEach(({ oldIndex }, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (survivors[tails[mid]].oldIndex < oldIndex) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  });
  const keep = new Set<string>();
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) keep.add(survivors[i].key);
  return keep;
}

/** A list matched by id: removed items (old order), then in new order each added or moved item and its field changes. */
function listDiff<T>(idOf: (item: T) => string, itemDiff?: FieldDiff): FieldDiff {
  return (path, before, after, out) => {
    if (!Array.isArray(before) || !Array.isArray(after)) return diffValue(path, before, after, out);
    const old = new Map(keyed(before as T[], idOf).map((e) => [e.key, e]));
    const now = keyed(after as T[], idOf);
    const nowKeys = new Set(now.map((e) => e.key));
    for (const e of old.values()) if (!nowKeys.has(e.key)) out.push({ path: `${path}[id=${e.label}]`, change: 'removed', before: e.item });
    const keep = unmoved(
      now.map((e) => e.key),
      (key) => old.get(key)?.index,
    );
    for (const e of now) {
      const itemPath = `${path}[id=${e.label}]`;
      const was = old.get(e.key);
      if (was === undefined) {
        out.push({ path: itemPath, change: 'added', after: e.item });
        continue;
      }
      if (!keep.has(e.key)) out.push({ path: itemPath, change: 'moved', before: { index: was.index }, after: { index: e.index } });
      itemDiff?.(itemPath, was.item, e.item, out);
    }
  };
}

const idOf = (item: unknown): string => String(isObject(item) ? item['id'] : item);
const lessonDiff = objectDiff(LESSON_FIELDS, { questionIds: listDiff(String) });

interface PlacedLesson extends Keyed<Lesson> {
  moduleKey: string;
  moduleId: string;
}

/** Lessons are matched across the whole course, so a lesson taken to another module is one 'moved'. */
function placeLessons(modules: readonly Keyed<CourseModule>[]): Map<string, PlacedLesson> {
  const all = modules.flatMap((m) => m.item.lessons.map((lesson, index) => ({ lesson, index, module: m })));
  return new Map(
    keyed(all, (x) => x.lesson.id).map(({ key, label, item: { lesson, index, module } }) => [
      key,
      { key, label, item: lesson, index, moduleKey: module.key, moduleId: module.item.id },
    ]),
  );
}

function groupByModule(lessons: ReadonlyMap<string, PlacedLesson>): Map<string, PlacedLesson[]> {
  const groups = new Map<string, PlacedLesson[]>();
  for (const l of lessons.values()) {
    const group = groups.get(l.moduleKey);
    if (group === undefined) groups.set(l.moduleKey, [l]);
    else group.push(l);
  }
  return groups;
}

const modulesDiff: FieldDiff = (path, before, after, out) => {
  if (!Array.isArray(before) || !Array.isArray(after)) return diffValue(path, before, after, out);
  const oldModules = keyed(before as CourseModule[], (m) => m.id);
  const newModules = keyed(after as CourseModule[], (m) => m.id);
  const oldByKey = new Map(oldModules.map((m) => [m.key, m]));
  const newKeys = new Set(newModules.map((m) => m.key));
  const oldLessons = placeLessons(oldModules);
  const newLessons = placeLessons(newModules);
  const oldLessonsIn = groupByModule(oldLessons);
  const newLessonsIn = groupByModule(newLessons);

  // A removed module takes its lessons with it, except those moved elsewhere (reported where they went).
  for (const m of oldModules) if (!newKeys.has(m.key)) out.push({ path: `${path}[id=${m.label}]`, change: 'removed', before: m.item });
  const keepModules = unmoved(
    newModules.map((m) => m.key),
    (key) => oldByKey.get(key)?.index,
  );

  for (const m of newModules) {
    const modulePath = `${path}[id=${m.label}]`;
    const was = oldByKey.get(m.key);
    if (was === undefined) out.push({ path: modulePath, change: 'added', after: m.item });
    else {
      if (!keepModules.has(m.key)) out.push({ path: modulePath, change: 'moved', before: { index: was.index }, after: { index: m.index } });
      const { lessons: _b, ...beforeFields } = was.item as unknown as Json;
      const { lessons: _a, ...afterFields } = m.item as unknown as Json;
      diffFields(modulePath, beforeFields, afterFields, MODULE_FIELDS, out);
      for (const l of oldLessonsIn.get(m.key) ?? []) {
        if (!newLessons.has(l.key)) out.push({ path: `${modulePath}.lessons[id=${l.label}]`, change: 'removed', before: l.item });
      }
    }
    const lessons = newLessonsIn.get(m.key) ?? [];
    // Only lessons that stayed in this module can keep their place; the others all moved here.
    const keepLessons = unmoved(
      lessons.map((l) => l.key),
      (key) => {
        const old = oldLessons.get(key);
        return old?.moduleKey === m.key ? old.index : undefined;
      },
    );
    for (const l of lessons) {
      const lessonPath = `${modulePath}.lessons[id=${l.label}]`;
      const old = oldLessons.get(l.key);
      if (old === undefined) {
        // A new lesson of a new module is part of that module's 'added'.
        if (was !== undefined) out.push({ path: lessonPath, change: 'added', after: l.item });
        continue;
      }
      if (!keepLessons.has(l.key)) {
        const from: ItemPosition = { index: old.index, moduleId: old.moduleId };
        const to: ItemPosition = { index: l.index, moduleId: l.moduleId };
        out.push({ path: lessonPath, change: 'moved', before: from, after: to });
      }
      lessonDiff(lessonPath, old.item, l.item, out);
    }
  }
};

const documentDiff = objectDiff(DOCUMENT_FIELDS, {
  competencies: listDiff((c: { competencyId: string }) => c.competencyId, objectDiff(COMPETENCY_FIELDS)),
  grading: objectDiff(GRADING_FIELDS, { weights: listDiff((w: { lessonId: string }) => w.lessonId, objectDiff(WEIGHT_FIELDS)) }),
  prerequisites: listDiff(String),
  modules: modulesDiff,
  questionBank: listDiff(idOf, objectDiff(QUESTION_FIELDS, { options: listDiff(idOf, objectDiff(OPTION_FIELDS)) })),
});

/**
 * Differences between two versions, for admins. Modules, lessons (across modules), questions, options,
 * competencies (by competencyId), weights (by lessonId), prerequisites and a quiz's questionIds are
 * matched by id, not position: an item is 'added' or 'removed' as a whole, 'moved' when it left the
 * longest run of items that kept their order (before/after are ItemPositions), and its fields are then
 * compared by deep value ('changed' with before/after). Paths name items by id:
 * 'modules[id=m1].lessons[id=l3].title'; a repeated id is named 'x#2', 'x#3'… Removed items come first
 * in each list, then the rest in the new order. diffDocuments(a, b) is [] exactly when a deep-equals b.
 */
export function diffDocuments(before: CourseDocument, after: CourseDocument): DocumentChange[] {
  const out: Out = [];
  documentDiff('', before, after, out);
  return out;
}
