import Handlebars from 'handlebars';
import { formatDate, formatJp, type AgencyZone } from './certificate-rules';

/**
 * Certificate templates written by training admins (decision 0014): Handlebars over HTML and CSS,
 * checked line by line before they are saved and compiled in an isolated environment with a fixed,
 * safe set of helpers. The renderer (Chromium with JavaScript off and every non-data: request
 * aborted) is the second wall; these checks tell the admin where the problem is.
 */

export type TemplateOrientation = 'landscape' | 'portrait';
export type TemplatePart = 'html' | 'css';

/** Everything a template may print; the generator fills it from the certificate's snapshot. */
export interface CertificateView {
  agencyName: string;
  number: string;
  holderName: string;
  holderNip: string;
  courseTitle: string;
  jp: string;
  jpMinutes: number;
  completedDate: string;
  issuedDate: string;
  expiresDate: string | null;
  /** ISO instants, for the `date` helper. */
  completedAt: string;
  issuedAt: string;
  expiresAt: string | null;
  timeZone: AgencyZone;
  competencies: { name: string; typeLabel: string; level: number }[];
  verificationCode: string;
  verificationUrl: string;
  qrDataUrl: string;
  issuePlace: string;
  signatoryName: string;
  signatoryPosition: string;
  signatoryNip: string | null;
}

/** A problem in a template, with the part and the 1-based line it is on. */
export interface TemplateIssue {
  part: TemplatePart;
  line: number;
  rule:
    | 'template.script' | 'template.eventHandler' | 'template.javascriptUrl' | 'template.remoteUrl' | 'template.forbiddenElement'
    | 'template.unescaped' | 'template.syntax' | 'template.unknownHelper' | 'template.assetName' | 'template.unknownAsset' | 'template.partial';
  detail?: string;
}

/** The helpers a template may call; anything else is refused when the template is saved. */
export const TEMPLATE_HELPERS = ['asset', 'date', 'num', 'jp', 'qr'] as const;
const BLOCK_HELPERS = ['if', 'unless', 'each'] as const;
/** Asset names: what `{{asset "name"}}` refers to, unique within a tenant. */
export const ASSET_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const LINE_RULES: { rule: TemplateIssue['rule']; pattern: RegExp }[] = [
  { rule: 'template.script', pattern: /<\s*\/?\s*script\b/i },
  { rule: 'template.eventHandler', pattern: /[\s"'/]on[a-z]+\s*=/i },
  { rule: 'template.javascriptUrl', pattern: /(java|vb)script\s*:|&#|\\0*6a|expression\s*\(/i },
  { rule: 'template.remoteUrl', pattern: /\b(https?|ftp|file|wss?):|@import\b|url\(\s*['"]?\s*\/\/|(src|href|srcset|action|poster|data|xlink:href)\s*=\s*['"]?\s*\/\//i },
  { rule: 'template.forbiddenElement', pattern: /<\s*(iframe|frame|object|embed|link|base|meta|form|svg|math|template|portal|applet)\b|<\/\s*style/i },
  { rule: 'template.unescaped', pattern: /\{\{\{|\{\{~?\s*&/ },
];

/** Line-by-line checks of what a template may not contain (scripts, handlers, remote or script URLs, raw output). */
export function scanTemplate(part: TemplatePart, source: string): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  source.split(/\r\n|\r|\n/).forEach((text, index) => {
    for (const { rule, pattern } of LINE_RULES) {
      if (pattern.test(text)) issues.push({ part, line: index + 1, rule });
    }
  });
  return issues;
}

type HbsNode = hbs.AST.Node & { loc?: hbs.AST.SourceLocation };

/** The helper calls, partials and asset names of a parsed template, with their lines. */
function walk(part: TemplatePart, program: hbs.AST.Program, assets: Set<string>, issues: TemplateIssue[]) {
  const visit = (node: HbsNode | null | undefined): void => {
    if (!node) return;
    const line = node.loc?.start.line ?? 1;
    switch (node.type) {
      case 'Program':
        (node as hbs.AST.Program).body.forEach(visit);
        return;
      case 'PartialStatement':
      case 'PartialBlockStatement':
      case 'DecoratorBlock':
      case 'Decorator':
        issues.push({ part, line, rule: 'template.partial' });
        return;
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        const name = (block.path as hbs.AST.PathExpression).original;
        if (!(BLOCK_HELPERS as readonly string[]).includes(name)) issues.push({ part, line, rule: 'template.unknownHelper', detail: String(name) });
        block.params.forEach(visit);
        visit(block.program);
        visit(block.inverse);
        return;
      }
      case 'MustacheStatement':
      case 'SubExpression': {
        const call = node as hbs.AST.MustacheStatement;
        const name = call.path.type === 'PathExpression' ? (call.path as hbs.AST.PathExpression).original : String((call.path as unknown as { original: unknown }).original);
        const isCall = node.type === 'SubExpression' || call.params.length > 0 || Boolean(call.hash);
        if (isCall && !(TEMPLATE_HELPERS as readonly string[]).includes(name)) issues.push({ part, line, rule: 'template.unknownHelper', detail: name });
        if (!isCall && (TEMPLATE_HELPERS as readonly string[]).includes(name) && name !== 'qr') issues.push({ part, line, rule: 'template.unknownHelper', detail: name });
        if (name === 'asset') {
          const [arg] = call.params;
          if (call.params.length !== 1 || arg.type !== 'StringLiteral' || !ASSET_NAME.test((arg as hbs.AST.StringLiteral).value)) {
            issues.push({ part, line, rule: 'template.assetName' });
          } else assets.add((arg as hbs.AST.StringLiteral).value);
        }
        call.params.forEach(visit);
        return;
      }
      default:
        return;
    }
  };
  visit(program);
}

export interface TemplateAnalysis {
  issues: TemplateIssue[];
  /** The asset names the template refers to (to check and to load). */
  assets: string[];
}

/** Everything wrong with a template (empty when it may be saved) and the assets it needs. */
export function analyzeTemplate(html: string, css: string): TemplateAnalysis {
  const issues = [...scanTemplate('html', html), ...scanTemplate('css', css)];
  const assets = new Set<string>();
  for (const [part, source] of [['html', html], ['css', css]] as const) {
    let program: hbs.AST.Program;
    try {
      program = Handlebars.parse(source);
    } catch (error) {
      const message = (error as Error).message;
      const line = Number(/line (\d+)/.exec(message)?.[1] ?? (error as { lineNumber?: number }).lineNumber ?? 1);
      issues.push({ part, line, rule: 'template.syntax', detail: message.split('\n')[0].slice(0, 200) });
      continue;
    }
    walk(part, program, assets, issues);
  }
  issues.sort((a, b) => (a.part === b.part ? a.line - b.line : a.part === 'html' ? -1 : 1));
  return { issues, assets: [...assets].sort() };
}

/** A stored asset as the renderer inlines it. */
export interface InlineAsset {
  contentType: string;
  bytes: Buffer;
}

export class TemplateRenderError extends Error {}

const number = new Intl.NumberFormat('id-ID');

/** An environment with exactly the safe helpers, bound to one render's assets and view. */
function environment(assets: ReadonlyMap<string, InlineAsset>) {
  const env = Handlebars.create();
  const SafeString = env.SafeString;
  env.registerHelper('asset', (name: unknown) => {
    const asset = typeof name === 'string' ? assets.get(name) : undefined;
    if (!asset) throw new TemplateRenderError(`unknown asset "${String(name)}"`);
    return new SafeString(`data:${asset.contentType};base64,${asset.bytes.toString('base64')}`);
  });
  env.registerHelper('date', function (this: unknown, value: unknown, options: Handlebars.HelperOptions) {
    if (value === null || value === undefined || value === '') return '';
    const instant = new Date(String(value));
    if (Number.isNaN(instant.getTime())) return '';
    return formatDate(instant, (options.data.root as CertificateView).timeZone ?? 'WIB');
  });
  env.registerHelper('num', (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? number.format(value) : ''));
  env.registerHelper('jp', (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? formatJp(value) : ''));
  env.registerHelper('qr', function (this: unknown, options: Handlebars.HelperOptions) {
    const url = (options.data.root as CertificateView).qrDataUrl;
    if (!/^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(url)) return '';
    return new SafeString(`<img class="qr" src="${url}" alt="QR">`);
  });
  return env;
}

const COMPILE_OPTIONS = {
  strict: false,
  noEscape: false,
  knownHelpersOnly: true,
  knownHelpers: { if: true, each: true, unless: true, with: false, lookup: false, log: false, blockHelperMissing: false, helperMissing: false, asset: true, date: true, num: true, jp: true, qr: true },
} as const;
const RUNTIME_OPTIONS = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false } as const;

export interface StoredTemplate {
  html: string;
  css: string;
  orientation: TemplateOrientation;
}

/**
 * The whole HTML document of a certificate from a tenant's template: the page size comes from the
 * template's orientation, the CSS and the body are compiled separately (so lines match what the
 * admin wrote) in an isolated Handlebars with only the safe helpers.
 */
export function renderCertificateTemplate(template: StoredTemplate, view: CertificateView, assets: ReadonlyMap<string, InlineAsset>): string {
  const { issues } = analyzeTemplate(template.html, template.css);
  if (issues.length > 0) throw new TemplateRenderError(`template refused: ${issues[0].rule} (${issues[0].part} line ${issues[0].line})`);
  const env = environment(assets);
  const css = env.compile<CertificateView>(template.css, COMPILE_OPTIONS)(view, RUNTIME_OPTIONS);
  const body = env.compile<CertificateView>(template.html, COMPILE_OPTIONS)(view, RUNTIME_OPTIONS);
  return `<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>${Handlebars.escapeExpression(view.number)}</title>
<style>@page { size: A4 ${template.orientation}; margin: 0; } html, body { margin: 0; padding: 0; }</style>
<style>${css}</style>
</head><body>${body}</body></html>`;
}

/** What a preview prints: a plausible certificate of a plausible civil servant. */
export function sampleCertificateView(agencyName: string, timeZone: AgencyZone, qrDataUrl: string): CertificateView {
  const issued = new Date();
  return {
    agencyName,
    number: 'CONTOH/2025/000001',
    holderName: 'Siti Rahmawati, S.E.',
    holderNip: '198503152010012001',
    courseTitle: 'Pengelolaan Arsip Dinamis',
    jp: formatJp(900),
    jpMinutes: 900,
    completedDate: formatDate(issued, timeZone),
    issuedDate: formatDate(issued, timeZone),
    expiresDate: null,
    completedAt: issued.toISOString(),
    issuedAt: issued.toISOString(),
    expiresAt: null,
    timeZone,
    competencies: [
      { name: 'Integritas', typeLabel: 'Manajerial', level: 3 },
      { name: 'Pengelolaan Arsip Dinamis', typeLabel: 'Teknis', level: 2 },
    ],
    verificationCode: 'CONTOHKODE234567',
    verificationUrl: 'https://contoh.invalid/verify/CONTOHKODE234567',
    qrDataUrl,
    issuePlace: 'Jakarta',
    signatoryName: 'Dr. Budi Santoso, M.Si.',
    signatoryPosition: `Kepala ${agencyName}`,
    signatoryNip: '197001011995031001',
  };
}

/** The asset types a template may use: raster images and fonts. SVG is refused: it can carry script and remote references. */
export const ASSET_TYPES = [
  { contentType: 'image/png', extension: '.png', magic: [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])] },
  { contentType: 'image/jpeg', extension: '.jpg', magic: [Buffer.from([0xff, 0xd8, 0xff])] },
  { contentType: 'font/woff2', extension: '.woff2', magic: [Buffer.from('wOF2', 'latin1')] },
  { contentType: 'font/ttf', extension: '.ttf', magic: [Buffer.from([0x00, 0x01, 0x00, 0x00]), Buffer.from('true', 'latin1')] },
] as const;
export type AssetContentType = (typeof ASSET_TYPES)[number]['contentType'];
/** Largest asset: a logo or a font subset, inlined into every render. */
export const ASSET_MAX_BYTES = 2 * 1024 * 1024;

/** The asset type of a file by its first bytes; null for anything else (SVG, HTML, programs…). */
export function assetTypeOf(head: Uint8Array): (typeof ASSET_TYPES)[number] | null {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.length);
  return ASSET_TYPES.find((t) => t.magic.some((m) => bytes.length >= m.length && bytes.subarray(0, m.length).equals(m))) ?? null;
}
