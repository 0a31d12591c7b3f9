import fc from 'fast-check';
import { isValidNip, maskNip, parseNip } from './nip';

const TODAY = new Date('2026-11-22T00:00:00Z');
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Arbitrary NIPs that obey every rule, built from their parts. */
const validNip = fc
  .record({
    birth: fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2005-12-31T00:00:00Z'), noInvalidDate: true }),
    startOffset: fc.integer({ min: 16, max: 40 }),
    startMonth: fc.integer({ min: 1, max: 12 }),
    sex: fc.constantFrom('1', '2'),
    seq: fc.integer({ min: 1, max: 999 }),
  })
  .filter(({ birth, startOffset }) => birth.getUTCFullYear() + startOffset <= 2026)
  .map(({ birth, startOffset, startMonth, sex, seq }) => {
    const y = birth.getUTCFullYear();
    return `${y}${pad(birth.getUTCMonth() + 1)}${pad(birth.getUTCDate())}${y + startOffset}${pad(startMonth)}${sex}${pad(seq, 3)}`;
  });

describe('parseNip', () => {
  it('accepts a real NIP and reads its parts', () => {
    expect(parseNip('198503152010011001', TODAY)).toEqual({
      valid: true,
      value: { nip: '198503152010011001', birthDate: '1985-03-15', serviceStart: '2010-01', sex: 'male', sequence: 1 },
    });
  });

  it('accepts every NIP built by the rules', () => {
    fc.assert(fc.property(validNip, (nip) => parseNip(nip, TODAY).valid));
  });

  it.each([
    ['12345', 'nip.format'],
    ['19850315201001100X', 'nip.format'],
    [' 198503152010011001', 'nip.format'],
    ['198513152010011001', 'nip.birthDate'], // month 13
    ['198502302010011001', 'nip.birthDate'], // 30 February
    ['193912312010011001', 'nip.birthDate'], // before 1940
    ['198503152010131001', 'nip.startDate'], // month 13
    ['198503151995011001', 'nip.startDate'], // started at 10
    ['198503152030011001', 'nip.startDate'], // in the future
    ['198503152010013001', 'nip.sex'],
    ['198503152010011000', 'nip.sequence'],
  ])('rejects %s with %s', (nip, rule) => {
    expect(parseNip(nip, TODAY)).toEqual({ valid: false, rule });
  });

  it('rejects numbers: a NIP is never a number', () => {
    expect(parseNip(Number('198503152010011001'), TODAY)).toEqual({ valid: false, rule: 'nip.format' });
    expect(isValidNip(null)).toBe(false);
  });

  it('changing any one digit to a non-digit always invalidates', () => {
    fc.assert(
      fc.property(validNip, fc.integer({ min: 0, max: 17 }), fc.constantFrom('a', ' ', '-', '.'), (nip, i, ch) => {
        return !parseNip(nip.slice(0, i) + ch + nip.slice(i + 1), TODAY).valid;
      }),
    );
  });
});

describe('maskNip', () => {
  it('hides birth day and service start but keeps length', () => {
    expect(maskNip('198503152010011001')).toBe('1985**********1001');
    fc.assert(fc.property(validNip, (nip) => maskNip(nip).length === 18 && !maskNip(nip).includes(nip.slice(4, 14))));
  });
});
