import { localDate } from './time-zone';

describe('localDate', () => {
  // 2026-12-31 16:30 UTC is already New Year in Ambon (WIT) but not in Medan (WIB).
  const instant = new Date('2026-12-31T16:30:00Z');

  it('follows the agency zone', () => {
    expect(localDate(instant, 'WIB')).toBe('2026-12-31');
    expect(localDate(instant, 'WITA')).toBe('2027-01-01');
    expect(localDate(instant, 'WIT')).toBe('2027-01-01');
  });

  it('agrees with the IANA zones through Intl', () => {
    for (const [zone, iana] of [['WIB', 'Asia/Jakarta'], ['WITA', 'Asia/Makassar'], ['WIT', 'Asia/Jayapura']] as const) {
      for (let h = 0; h < 48; h++) {
        const t = new Date(Date.UTC(2026, 5, 1, h, 15));
        const expected = new Intl.DateTimeFormat('en-CA', { timeZone: iana, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
        expect(localDate(t, zone)).toBe(expected);
      }
    }
  });
});
