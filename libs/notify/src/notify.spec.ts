import fc from 'fast-check';
import { AGENCY_TIME_ZONES } from '@mahir/competency';
import { inSendingWindow, localHour, zonesToSweep } from './sending-window';
import { renderNotification } from './templates';
import { NOTIFICATION_KINDS, shouldDeliver } from './notification-kinds';

describe('sending window', () => {
  it('follows the agency zone: 01:00 UTC is 08:00 WIB, 09:00 WITA, 10:00 WIT', () => {
    const t = new Date('2026-03-02T01:00:00Z');
    expect(AGENCY_TIME_ZONES.map((z) => localHour(t, z))).toEqual([8, 9, 10]);
    expect(inSendingWindow(t, 'WIB')).toBe(true);
    expect(inSendingWindow(new Date('2026-03-02T00:59:59Z'), 'WIB')).toBe(false);
    // 17:00 WIT is 08:00 UTC: the window has closed in Ambon and Jayapura but is open in Jakarta.
    expect(zonesToSweep(new Date('2026-03-02T08:00:00Z'), AGENCY_TIME_ZONES).map((z) => z.zone)).toEqual(['WIB', 'WITA']);
  });

  it('gives the local date of the zone, not of UTC', () => {
    expect(zonesToSweep(new Date('2026-03-01T22:30:00Z'), ['WIT'])).toEqual([]);
    expect(zonesToSweep(new Date('2026-03-01T23:30:00Z'), ['WIT'])).toEqual([{ zone: 'WIT', localDay: '2026-03-02' }]);
  });

  it('never sends at night, in any zone, at any instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01Z'), max: new Date('2040-01-01Z'), noInvalidDate: true }), fc.constantFrom(...AGENCY_TIME_ZONES), (instant, zone) => {
        const hour = localHour(instant, zone);
        expect(inSendingWindow(instant, zone)).toBe(hour >= 8 && hour < 17);
        for (const { zone: z } of zonesToSweep(instant, AGENCY_TIME_ZONES)) {
          const h = localHour(instant, z);
          expect(h >= 8 && h < 17).toBe(true);
        }
      }),
    );
  });
});

describe('preferences', () => {
  it('a kind turned off is skipped unless the notice is mandatory', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NOTIFICATION_KINDS), fc.subarray([...NOTIFICATION_KINDS]), fc.boolean(), (kind, off, mandatory) => {
        expect(shouldDeliver(kind, mandatory, off)).toBe(mandatory || !off.includes(kind));
      }),
    );
  });
});

describe('templates', () => {
  const data = { recipientName: 'Siti <Aminah>', courseTitle: 'Etika & Integritas', dueDate: '2026-10-14', days: 1, progressPercent: 40, portalUrl: 'https://mahir.example/me', agencyName: 'Kota Ambon' };

  it('renders Indonesian and English, escaping HTML only in the HTML body', () => {
    const id = renderNotification('reminder.due', 'id', data);
    expect(id.subject).toBe('Pengingat: "Etika & Integritas" jatuh tempo besok');
    expect(id.text).toContain('Yth. Siti <Aminah>');
    expect(id.html).toContain('Siti &lt;Aminah&gt;');
    expect(id.html).toContain('Etika &amp; Integritas');
    expect(id.html).toContain('<html lang="id">');
    const en = renderNotification('reminder.due', 'en', { ...data, days: 7 });
    expect(en.subject).toBe('Reminder: "Etika & Integritas" is due in 7 days');
  });

  it('every kind renders in both languages, and an unknown kind falls back', () => {
    for (const kind of [...NOTIFICATION_KINDS, 'something.new']) {
      for (const locale of ['id', 'en'] as const) {
        const m = renderNotification(kind, locale, data);
        expect(m.subject.length).toBeGreaterThan(5);
        expect(m.subject).not.toMatch(/\n/);
        expect(m.text).toContain('Siti');
      }
    }
  });
});
