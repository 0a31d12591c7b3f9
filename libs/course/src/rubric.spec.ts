import { rubricMaximum, rubricProblems, scoreRubric, type RubricCriterion } from './rubric';

const rubric: RubricCriterion[] = [
  { id: 'isi', title: 'Isi', levels: [{ id: 'kurang', title: 'Kurang', points: 0 }, { id: 'baik', title: 'Baik', points: 2.5 }] },
  { id: 'bahasa', title: 'Bahasa', levels: [{ id: 'cukup', title: 'Cukup', points: 0.5 }, { id: 'baik', title: 'Baik', points: 1.5 }] },
];

describe('rubrics', () => {
  it('accepts a rubric whose best levels fit the question and reports its maximum', () => {
    expect(rubricProblems(rubric, 4)).toEqual([]);
    expect(rubricMaximum(rubric)).toBe(4);
  });

  it('reports every problem with its path', () => {
    const bad: RubricCriterion[] = [
      { id: 'isi', title: '', levels: [{ id: 'a', title: 'A', points: -1 }, { id: 'a', title: 'B', points: 1.005 }] },
      { id: 'isi', title: 'X', levels: [] },
    ];
    expect(rubricProblems(bad, 10)).toEqual([
      { path: 'criteria.0.title', rule: 'rubric.badTitle' },
      { path: 'criteria.0.levels.0.points', rule: 'rubric.badPoints' },
      { path: 'criteria.0.levels.1.id', rule: 'rubric.duplicateId' },
      { path: 'criteria.0.levels.1.points', rule: 'rubric.badPoints' },
      { path: 'criteria.1.id', rule: 'rubric.duplicateId' },
      { path: 'criteria.1.levels', rule: 'rubric.noLevels' },
    ]);
    expect(rubricProblems([], 4)).toEqual([{ path: 'criteria', rule: 'rubric.empty' }]);
    expect(rubricProblems(rubric, 3.99)).toEqual([{ path: 'criteria', rule: 'rubric.aboveMaximum' }]);
  });

  it('scores the sum of the selected levels, one per criterion', () => {
    expect(scoreRubric(rubric, [{ criterionId: 'bahasa', levelId: 'baik' }, { criterionId: 'isi', levelId: 'baik' }])).toEqual({
      ok: true,
      points: 4,
      selections: [{ criterionId: 'bahasa', levelId: 'baik', points: 1.5 }, { criterionId: 'isi', levelId: 'baik', points: 2.5 }],
    });
    expect(scoreRubric(rubric, [{ criterionId: 'isi', levelId: 'sempurna' }, { criterionId: 'isi', levelId: 'baik' }, { criterionId: 'gaya', levelId: 'x' }])).toEqual({
      ok: false,
      problems: [
        { path: 'rubric.0.levelId', rule: 'rubric.unknownLevel' },
        { path: 'rubric.1.criterionId', rule: 'rubric.duplicateCriterion' },
        { path: 'rubric.2.criterionId', rule: 'rubric.unknownCriterion' },
        { path: 'rubric', rule: 'rubric.missingCriterion' },
      ],
    });
  });
});
