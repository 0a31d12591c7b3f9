import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from './test-app';

/** The API (JSON and portal) in process, listening on a loopback port a browser can reach. */
export async function startPortalServer(overrides: Record<string, string> = {}): Promise<TestApp & { base: string }> {
  const t = await startTestApp(overrides);
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as { port: number };
  return { ...t, base: `http://127.0.0.1:${address.port}` };
}

/** Debian's Chromium through playwright-core (CHROMIUM_PATH overrides the path). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
}

export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
export const DESKTOP = { viewport: { width: 1280, height: 860 } } as const;

/** A fresh browser profile (own cookies) in Indonesian. */
export function newProfile(browser: Browser, device: typeof PHONE | typeof DESKTOP = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ ...device, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
}

/**
 * Saves a full-page screenshot to docs/screenshots/<name>.png when SCREENSHOTS=1
 * (`npm run screenshots`); other runs leave the tree alone.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  const dir = resolve(__dirname, '../../../../docs/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Signs in through the login form as a person would. */
export async function signInAs(page: Page, base: string, identifier: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('NIP atau e-mail').fill(identifier);
  await page.getByLabel('Kata sandi').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'Masuk' }).click()]);
}
