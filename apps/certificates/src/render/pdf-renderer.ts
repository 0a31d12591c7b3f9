import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';

export interface PdfRendererOptions {
  executablePath: string;
  /** Pages kept open and reused; each renders one batch at a time. */
  pages: number;
  /** Most certificates printed by one Chromium call (1 turns batching off). */
  batch?: number;
}

type Orientation = 'landscape' | 'portrait';

interface Request {
  html: string;
  orientation: Orientation;
  resolve: (pdf: Buffer) => void;
  reject: (error: unknown) => void;
}

const escapeAttribute = (html: string) => html.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * The sheet that prints certificates: each certificate is its own document in an `<iframe srcdoc>`
 * of exactly one A4 page, so templates never see each other's styles, a template's `body` is its
 * page, and one print can carry many certificates. The sheet sets the page size; a template's own
 * `@page` rules do not apply (its body fills the page; margins are padding).
 */
export function printSheet(documents: string[], orientation: Orientation): string {
  const [w, h] = orientation === 'landscape' ? ['297mm', '210mm'] : ['210mm', '297mm'];
  const frames = documents.map((d) => `<iframe scrolling="no" srcdoc="${escapeAttribute(d)}"></iframe>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>@page{size:A4 ${orientation};margin:0}html,body{margin:0;padding:0}` +
    `iframe{display:block;width:${w};height:${h};border:0;overflow:hidden;break-after:page}</style></head><body>${frames}</body></html>`;
}

/**
 * Headless Chromium turning certificate HTML into PDF. One browser per process, a small warm pool
 * of pages reused across renders. Templates are untrusted (admins write them): the context runs
 * no JavaScript and every request except data: URLs is aborted, so a template can neither script
 * nor reach the network or another tenant's assets.
 *
 * Micro-batching: a print costs Chromium about 20 ms whatever it holds, so certificates that wait
 * for a page while the pool is busy are printed together (up to `batch`, same orientation) and
 * the PDF is split into one file per certificate. An idle generator prints each at once.
 */
export class PdfRenderer {
  private browser?: Browser;
  private context?: BrowserContext;
  private readonly idle: Page[] = [];
  private readonly queue: Request[] = [];

  constructor(private readonly options: PdfRendererOptions) {}

  async start(): Promise<void> {
    this.browser = await chromium.launch({
      executablePath: this.options.executablePath,
      headless: true,
      args: ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions', '--font-render-hinting=none'],
    });
    this.context = await this.browser.newContext({ javaScriptEnabled: false, offline: true, acceptDownloads: false, serviceWorkers: 'block' });
    await this.context.route('**/*', (route) => (route.request().url().startsWith('data:') || route.request().url() === 'about:srcdoc' ? route.continue() : route.abort('blockedbyclient')));
    for (let i = 0; i < this.options.pages; i++) this.idle.push(await this.context.newPage());
  }

  get running(): boolean {
    return this.browser?.isConnected() ?? false;
  }

  render(html: string, orientation: Orientation = 'landscape'): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ html, orientation, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const page = this.idle.pop()!;
      const orientation = this.queue[0].orientation;
      const batch: Request[] = [];
      for (let i = 0; i < this.queue.length && batch.length < (this.options.batch ?? 8); ) {
        if (this.queue[i].orientation === orientation) batch.push(...this.queue.splice(i, 1));
        else i++;
      }
      void this.print(page, batch, orientation).finally(() => {
        this.idle.push(page);
        this.dispatch();
      });
    }
  }

  private async print(page: Page, batch: Request[], orientation: Orientation): Promise<void> {
    try {
      await page.setContent(printSheet(batch.map((r) => r.html), orientation), { waitUntil: 'load', timeout: 15_000 });
      const pdf = await page.pdf({ printBackground: true, preferCSSPageSize: true });
      const files = await splitPages(pdf, batch.length);
      batch.forEach((r, i) => r.resolve(files[i]));
    } catch (error) {
      batch.forEach((r) => r.reject(error));
    }
  }
}

/** One PDF per page of a printed sheet; a template that overflows its page is an error, not a shifted batch. */
async function splitPages(pdf: Buffer, expected: number): Promise<Buffer[]> {
  const sheet = await PDFDocument.load(pdf, { updateMetadata: false });
  if (sheet.getPageCount() !== expected) throw new Error(`printed ${sheet.getPageCount()} pages for ${expected} certificates`);
  if (expected === 1) return [pdf];
  const files: Buffer[] = [];
  for (let i = 0; i < expected; i++) {
    const one = await PDFDocument.create({ updateMetadata: false });
    const [copied] = await one.copyPages(sheet, [i]);
    one.addPage(copied);
    files.push(Buffer.from(await one.save({ useObjectStreams: false })));
  }
  return files;
}
