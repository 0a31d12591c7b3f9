import Handlebars from 'handlebars';
import type { CertificateView } from '@mahir/certificate';
import { DEFAULT_TEMPLATE } from './default-template';

export type { CertificateView };

/**
 * Compiles a template in an isolated Handlebars environment: no helpers beyond the built-in
 * block helpers, no prototype access, strict about missing fields.
 */
export function compileTemplate(source: string): (view: CertificateView) => string {
  const env = Handlebars.create();
  const template = env.compile<CertificateView>(source, { strict: false, noEscape: false, knownHelpersOnly: true, knownHelpers: { if: true, each: true, unless: true, with: false, lookup: false, log: false } });
  return (view) => template(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
}

let defaultTemplate: ((view: CertificateView) => string) | undefined;
export function renderDefaultTemplate(view: CertificateView): string {
  defaultTemplate ??= compileTemplate(DEFAULT_TEMPLATE);
  return defaultTemplate(view);
}
