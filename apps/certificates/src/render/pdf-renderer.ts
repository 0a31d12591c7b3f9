import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export interface PdfRendererOptions {
  executablePath: string;
  /** Pages kept open and reused; renders beyond this wait for a free page. */
  pages: number;
}

/**
 * Headless Chromium turning certificate HTML into PDF. One browser per process, a small warm pool
 * of pages reused across renders. Templates are untrusted (admins will write them): the context
 * runs no JavaScript and every request except data: URLs is aborted, so a template can neither
 * script nor reach the network or another tenant's assets.
 */
export class PdfRenderer {
  private browser?: Browser;
  private context?: BrowserContext;
  private readonly idle: Page[] = [];
  private readonly waiting: ((page: Page) => void)[] = [];

  constructor(private readonly options: PdfRendererOptions) {}

  async start(): Promise<void> {
    this.browser = await chromium.launch({
      executablePath: this.options.executablePath,
      headless: true,
      args: ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions', '--font-render-hinting=none'],
    });
    this.context = await this.browser.newContext({ javaScriptEnabled: false, offline: true, acceptDownloads: false, serviceWorkers: 'block' });
    await this.context.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient')));
    for (let i = 0; i < this.options.pages; i++) this.idle.push(await this.context.newPage());
  }

  get running(): boolean {
    return this.browser?.isConnected() ?? false;
  }

  async render(html: string, orientation: 'landscape' | 'portrait' = 'landscape'): Promise<Buffer> {
    const page = await this.acquire();
    try {
      await page.setContent(html, { waitUntil: 'load', timeout: 15_000 });
      return await page.pdf({ format: 'A4', landscape: orientation === 'landscape', printBackground: true, preferCSSPageSize: true });
    } finally {
      this.release(page);
    }
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
  }

  private acquire(): Promise<Page> {
    const page = this.idle.pop();
    if (page) return Promise.resolve(page);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(page: Page) {
    const next = this.waiting.shift();
    if (next) next(page);
    else this.idle.push(page);
  }
}
