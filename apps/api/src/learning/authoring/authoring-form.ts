import { portalText, type PortalLocale } from '../../platform';
import type { FormErrors } from '../../platform';

/**
 * Reads one posted editor form field by field: text, whole numbers, choices and check boxes,
 * each error written next to its field with the field's own label. The course document's
 * shape is checked again by the courses service when it is saved.
 */
export class AuthoringForm {
  readonly errors: FormErrors = {};

  constructor(
    private readonly body: Record<string, unknown>,
    private readonly lang: PortalLocale,
  ) {}

  get invalid(): boolean {
    return Object.keys(this.errors).length > 0;
  }

  raw(name: string): string {
    const value = this.body[name];
    return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
  }

  /** Every value of a repeated field (check boxes of one name), empty ones left out. */
  all(name: string): string[] {
    const value = this.body[name];
    const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [];
    return list.filter((v): v is string => typeof v === 'string' && v !== '');
  }

  /** Whether the form has the field at all (a field a form does not show leaves the document as it is). */
  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.body, name);
  }

  text(name: string, label: string, opts: { required?: boolean; max?: number } = {}): string {
    const value = this.raw(name).replace(/\r\n/g, '\n');
    const max = opts.max ?? 300;
    if (opts.required && !value.trim()) this.fail(name, 'authoring.error.required', label);
    else if (value.length > max) this.fail(name, 'authoring.error.tooLong', label, { max });
    return value;
  }

  /** A whole number within min..max; an empty field is null when optional. */
  int(name: string, label: string, min: number, max: number, optional = false): number | null {
    const value = this.raw(name).trim();
    if (!value) {
      if (!optional) this.fail(name, 'authoring.error.required', label);
      return null;
    }
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) {
      this.fail(name, 'authoring.error.wholeNumber', label, { min, max });
      return null;
    }
    return n;
  }

  /** A decimal number within min..max (points, tolerances); an empty field is null when optional. */
  number(name: string, label: string, min: number, max: number, optional = false): number | null {
    const value = this.raw(name).trim().replace(',', '.');
    if (!value) {
      if (!optional) this.fail(name, 'authoring.error.required', label);
      return null;
    }
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) {
      this.fail(name, 'authoring.error.number', label, { min, max });
      return null;
    }
    return n;
  }

  choice<T extends string>(name: string, label: string, allowed: readonly T[]): T {
    const value = this.raw(name);
    if (!(allowed as readonly string[]).includes(value)) {
      this.fail(name, value ? 'authoring.error.choice' : 'authoring.error.required', label);
      return allowed[0];
    }
    return value as T;
  }

  bool(name: string): boolean {
    const value = this.raw(name);
    return value === 'on' || value === 'true' || value === '1';
  }

  fail(name: string, key: string, label: string, params: Record<string, unknown> = {}): void {
    if (!this.errors[name]) this.errors[name] = portalText(key, this.lang, { label, ...params });
  }

  /** What was typed, to show the form again. */
  values(): Record<string, unknown> {
    const { _csrf: _ignored, ...rest } = this.body;
    return rest;
  }
}
