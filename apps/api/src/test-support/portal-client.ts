import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { TEST_PASSWORD, type TestApp } from './test-app';

/** The CSRF token a portal page carries (meta tag of signed-in pages, hidden field of forms). */
export function csrfOf(html: string): string {
  const token = /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

export interface PortalBrowser {
  /** A supertest agent that keeps the session cookie, like a browser. */
  agent: TestAgent;
  /** The session's CSRF token, for form posts. */
  csrf: string;
  /** GET a page and expect 200 HTML. */
  page(path: string): Promise<string>;
  /** POST a form (urlencoded) with the CSRF token added. */
  post(path: string, fields?: Record<string, unknown>): request.Test;
}

/** Signs in through the portal's login form (NIP or e-mail) and returns a cookie-keeping client. */
export async function portalSignIn(t: TestApp, identifier: string, password = TEST_PASSWORD): Promise<PortalBrowser> {
  const agent = request.agent(t.app.getHttpServer());
  const form = await agent.get('/login').expect(200);
  const login = await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), identifier, password, next: '/account' });
  if (login.status !== 303) throw new Error(`portal sign-in failed: ${login.status} ${login.text.slice(0, 500)}`);
  const account = await agent.get('/account').expect(200);
  const csrf = csrfOf(account.text);
  return {
    agent,
    csrf,
    async page(path: string) {
      const res = await agent.get(path);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text.slice(0, 800)}`);
      return res.text;
    },
    post(path: string, fields: Record<string, unknown> = {}) {
      return agent.post(path).type('form').send({ _csrf: csrf, ...fields });
    },
  };
}
