import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import type { Request } from 'express';
import type { PortalRequest } from '../../auth/actor';
import type { PortalSession } from '../../auth/portal-sessions';
import { API_CONFIG, type ApiConfigValue } from '../../../api-config';
import { portalLocale, PORTAL_TEXT, portalText, type PortalLocale } from '../i18n';
import { registerHelpers } from './helpers';

/** Finds `apps/api/src` in the source tree, from the source or the compiled tree (dist/…). */
export function apiSourceDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 10; i++) {
    const candidate = join(dir, 'apps/api/src');
    if (existsSync(join(candidate, 'platform/portal/templates'))) return candidate;
    dir = resolve(dir, '..');
  }
  throw new Error(`apps/api/src not found above ${__dirname}`);
}

/** Finds `apps/api/src/platform/portal/<name>` (the portal's shell: layout, partials, assets). */
export function portalDir(name: string): string {
  return join(apiSourceDir(), 'platform/portal', name);
}

/**
 * Every folder of templates: the shell's (`platform/portal/templates`) and each feature's own
 * `views/` folder beside its page controller. A template is named by its path inside its folder
 * (`admin/grading-inbox`, `partials/field`), so the names stay unique across features.
 */
export function templateDirs(): string[] {
  const dirs = [portalDir('templates')];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (!statSync(path).isDirectory()) continue;
      if (entry === 'views') dirs.push(path);
      else walk(path);
    }
  };
  walk(apiSourceDir());
  return dirs;
}

function listFiles(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listFiles(path, ext));
    else if (entry.endsWith(ext)) out.push(path);
  }
  return out;
}

export interface Asset {
  body: Buffer;
  type: string;
  hash: string;
}

/** What every page gets besides its own data. */
export interface PageFrame {
  /** A portal message key for the <title> and the page heading, or a literal title. */
  title: string;
  titleParams?: Record<string, string | number>;
  /** Form values and errors when a form is shown again after bad input. */
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  /** Shown above a form with errors. */
  errorSummary?: string;
  status?: number;
}

/**
 * The portal's server-side views: Handlebars templates under `portal/templates`, compiled
 * once at start-up, with a layout, partials and a fixed set of helpers. Every value is
 * escaped unless a template says `{{{…}}}` (only for HTML our own code produced, such as
 * rendered Markdown or SVG charts).
 */
@Injectable()
export class ViewService {
  private readonly hb = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;
  readonly assets = new Map<string, Asset>();

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfigValue) {
    registerHelpers(this.hb);
    const seen = new Map<string, string>();
    for (const root of templateDirs()) {
      for (const file of listFiles(root, '.hbs')) {
        const name = relative(root, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
        const other = seen.get(name);
        if (other) throw new Error(`portal template ${name} is declared twice: ${other} and ${file}`);
        seen.set(name, file);
        const source = readFileSync(file, 'utf8');
        if (name.startsWith('partials/')) this.hb.registerPartial(name.slice('partials/'.length), source);
        else this.pages.set(name, this.hb.compile(source, { strict: false, knownHelpersOnly: false }));
      }
    }
    const layout = this.pages.get('layout');
    if (!layout) throw new Error('portal layout template missing');
    this.layout = layout;
    const types: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };
    for (const file of listFiles(portalDir('assets'), '')) {
      const name = relative(portalDir('assets'), file).replace(/\\/g, '/');
      const ext = name.split('.').pop() ?? '';
      if (!types[ext]) continue;
      const body = readFileSync(file);
      this.assets.set(name, { body, type: types[ext], hash: createHash('sha256').update(body).digest('hex').slice(0, 12) });
    }
  }

  /** The versioned URL of an asset (cached for a year; the hash changes with the content). */
  assetUrl(name: string): string {
    const asset = this.assets.get(name);
    if (!asset) throw new Error(`unknown portal asset ${name}`);
    return `/assets/${asset.hash}/${name}`;
  }

  has(page: string): boolean {
    return this.pages.has(page);
  }

  /** A whole page for a signed-in user. */
  page(req: PortalRequest, page: string, frame: PageFrame, data: Record<string, unknown> = {}): string {
    return this.render(req, req.portal, page, frame, data);
  }

  /** A whole page for anyone (login, verification, errors): no session needed. */
  publicPage(req: Request, page: string, frame: PageFrame, data: Record<string, unknown> = {}, session: PortalSession | null = null): string {
    return this.render(req, session, page, frame, data);
  }

  private render(req: Request, session: PortalSession | null, page: string, frame: PageFrame, data: Record<string, unknown>): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`unknown portal page ${page}`);
    const lang = portalLocale(req);
    const actor = session?.actor;
    const has = (role: string) => !!actor && (actor.superAdmin || (actor.roles as string[]).includes(role));
    const title = frame.title in PORTAL_TEXT.id ? portalText(frame.title, lang, frame.titleParams) : frame.title;
    const context = {
      ...data,
      lang,
      otherLang: lang === 'id' ? 'en' : 'id',
      path: req.path,
      here: encodeURIComponent(req.originalUrl),
      title,
      values: frame.values ?? {},
      errors: frame.errors ?? {},
      errorSummary: frame.errorSummary,
      user: session ? { name: session.displayName } : null,
      csrf: session?.csrf ?? (data['csrf'] as string | undefined),
      flash: (session?.flash ?? []).map((f) => ({ kind: f.kind, text: portalText(f.key, lang, f.params) })),
      nav: session
        ? {
            learner: !!actor?.employeeId,
            supervisor: has('supervisor'),
            grader: has('grader') || has('training_admin'),
            trainingAdmin: has('training_admin'),
            tenantAdmin: has('tenant_admin'),
          }
        : null,
      css: this.assetUrl('portal.css'),
      js: this.assetUrl('portal.js'),
    };
    const options = { data: { lang }, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
    const body = template(context, options);
    return this.layout({ ...context, body }, options);
  }
}

export type { PortalLocale };
