import type Handlebars from 'handlebars';
import { portalText, type PortalLocale } from '../i18n';

type Options = Handlebars.HelperOptions;
const langOf = (options: Options): PortalLocale => ((options.data as { root?: { lang?: PortalLocale } }).root?.lang ?? 'id');
const ZONES: Record<string, string> = { WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' };

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The fixed helper set of portal templates:
 * - `{{t "key" name=value}}` a portal text in the page's language;
 * - `{{date value}}`, `{{dateTime value}}` (optional zone=WIB|WITA|WIT), `{{number value}}`, `{{percent value}}`;
 * - comparisons for conditions: eq, ne, gt, gte, lt, and, or, not; `{{add a b}}`;
 * - `{{selected a b}}` / `{{checked a}}` write the attribute when true;
 * - `{{jp minutes}}` learning hours (1 JP = 45 minutes).
 */
export function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('t', function (key: unknown, options: Options) {
    return portalText(String(key), langOf(options), options.hash as Record<string, unknown>);
  });
  hb.registerHelper('date', function (value: unknown, options: Options) {
    const date = toDate(value);
    if (!date) return '–';
    const zone = ZONES[String(options.hash['zone'] ?? 'WIB')] ?? 'Asia/Jakarta';
    return new Intl.DateTimeFormat(langOf(options) === 'id' ? 'id-ID' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }).format(date);
  });
  hb.registerHelper('dateTime', function (value: unknown, options: Options) {
    const date = toDate(value);
    if (!date) return '–';
    const zoneName = String(options.hash['zone'] ?? 'WIB');
    const zone = ZONES[zoneName] ?? 'Asia/Jakarta';
    const text = new Intl.DateTimeFormat(langOf(options) === 'id' ? 'id-ID' : 'en-GB', {
      day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: zone,
    }).format(date);
    return `${text} ${ZONES[zoneName] ? zoneName : 'WIB'}`;
  });
  hb.registerHelper('isoDate', (value: unknown) => toDate(value)?.toISOString() ?? '');
  hb.registerHelper('number', function (value: unknown, options: Options) {
    const n = Number(value);
    if (!Number.isFinite(n)) return '–';
    return new Intl.NumberFormat(langOf(options) === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 1 }).format(n);
  });
  hb.registerHelper('percent', function (value: unknown, options: Options) {
    const n = Number(value);
    if (!Number.isFinite(n)) return '–';
    return new Intl.NumberFormat(langOf(options) === 'id' ? 'id-ID' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(n > 1 ? n / 100 : n);
  });
  hb.registerHelper('jp', function (minutes: unknown, options: Options) {
    const n = Number(minutes);
    if (!Number.isFinite(n)) return '–';
    return new Intl.NumberFormat(langOf(options) === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 1 }).format(Math.round((n / 45) * 10) / 10);
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b || (a !== null && b !== null && a !== undefined && b !== undefined && String(a) === String(b)));
  hb.registerHelper('ne', (a: unknown, b: unknown) => String(a) !== String(b));
  hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  hb.registerHelper('gte', (a: unknown, b: unknown) => Number(a) >= Number(b));
  hb.registerHelper('lt', (a: unknown, b: unknown) => Number(a) < Number(b));
  hb.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));
  hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('not', (a: unknown) => !a);
  hb.registerHelper('selected', (a: unknown, b: unknown) => (String(a) === String(b) ? 'selected' : ''));
  hb.registerHelper('checked', (a: unknown) => (a === true || a === 'true' || a === 'on' || a === '1' ? 'checked' : ''));
}
