import fc from 'fast-check';
import { AGENCY_TIME_ZONES, localDate, type AgencyTimeZone } from '../organisation/time-zone';
import { jpByYear, jpForYear, jpOfMinutes, yearIn, type JpCredit } from './jp';

const zone = fc.constantFrom<AgencyTimeZone>(...AGENCY_TIME_ZONES);
const credit: fc.Arbitrary<JpCredit> = fc.record({
  minutes: fc.integer({ min: 1, max: 2_000 }),
  occurredAt: fc.date({ min: new Date('2023-06-01T00:00:00Z'), max: new Date('2028-06-01T00:00:00Z'), noInvalidDate: true }),
});

describe('yearIn', () => {
  it('follows the agency zone at New Year', () => {
    const instant = new Date('2026-12-31T16:30:00Z');
    expect(yearIn(instant, 'WIB')).toBe(2026);
    expect(yearIn(instant, 'WITA')).toBe(2027);
    expect(yearIn(instant, 'WIT')).toBe(2027);
    expect(yearIn(new Date('2026-12-31T16:59:59.999Z'), 'WIB')).toBe(2026);
    expect(yearIn(new Date('2026-12-31T17:00:00Z'), 'WIB')).toBe(2027);
  });

  it('agrees with the local date of the zone', () => {
    fc.assert(fc.property(credit, zone, ({ occurredAt }, z) => yearIn(occurredAt, z) === Number(localDate(occurredAt, z).slice(0, 4))));
  });

  it('refuses an invalid date', () => {
    expect(() => yearIn(new Date(NaN), 'WIB')).toThrow(RangeError);
  });
});

describe('jpForYear', () => {
  it('sums the year in the agency zone against the 20 JP obligation', () => {
    const credits = [
      { minutes: 450, occurredAt: new Date('2026-03-01T02:00:00Z') },
      { minutes: 449, occurredAt: new Date('2026-12-31T16:30:00Z') }, // New Year's Day in Ambon
    ];
    expect(jpForYear(credits, 2026, 'WIB')).toEqual({ year: 2026, minutes: 899, jp: 19.9, obligationMinutes: 900, shortfallMinutes: 1, met: false });
    expect(jpForYear(credits, 2026, 'WIT')).toEqual({ year: 2026, minutes: 450, jp: 10, obligationMinutes: 900, shortfallMinutes: 450, met: false });
    expect(jpForYear(credits, 2027, 'WIT')).toMatchObject({ minutes: 449, jp: 9.9 });
    expect(jpForYear([...credits, { minutes: 1, occurredAt: new Date('2026-06-01T00:00:00Z') }], 2026, 'WIB')).toMatchObject({
      minutes: 900,
      jp: 20,
      shortfallMinutes: 0,
      met: true,
    });
    expect(jpForYear([], 2026, 'WITA')).toMatchObject({ minutes: 0, jp: 0, shortfallMinutes: 900, met: false });
  });

  it.each([0, -45, 1.5, NaN, Infinity])('refuses a credit of %p minutes', (minutes) => {
    expect(() => jpForYear([{ minutes, occurredAt: new Date('2020-01-01T00:00:00Z') }], 2026, 'WIB')).toThrow(RangeError);
  });

  it('rounds JP down to one decimal', () => {
    expect([0, 4, 5, 44, 45, 899, 900, 901].map(jpOfMinutes)).toEqual([0, 0, 0.1, 0.9, 1, 19.9, 20, 20]);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), (m) => {
      const jp = jpOfMinutes(m);
      return jp * 45 <= m + 1e-9 && (jp + 0.1) * 45 > m && Math.round(jp * 10) / 10 === jp;
    }));
  });

  describe('properties', () => {
    it('the years together hold every minute, whatever the zone', () => {
      fc.assert(
        fc.property(fc.array(credit, { maxLength: 30 }), zone, (credits, z) => {
          const total = credits.reduce((sum, c) => sum + c.minutes, 0);
          let summed = 0;
          for (let year = 2022; year <= 2029; year++) summed += jpForYear(credits, year, z).minutes;
          expect(summed).toBe(total);
          expect(jpByYear(credits, z).reduce((sum, y) => sum + y.minutes, 0)).toBe(total);
          for (const y of jpByYear(credits, z)) expect(jpForYear(credits, y.year, z)).toEqual(y);
        }),
      );
    });

    it('shortfall and met agree with the obligation', () => {
      fc.assert(
        fc.property(fc.array(credit, { maxLength: 10 }), zone, fc.integer({ min: 2023, max: 2028 }), (credits, z, year) => {
          const y = jpForYear(credits, year, z);
          expect(y.shortfallMinutes).toBe(Math.max(0, 900 - y.minutes));
          expect(y.met).toBe(y.shortfallMinutes === 0);
        }),
      );
    });
  });
});
