/**
 * Hostile requests to the web view: bad input is a 400 with a plain message
 * (never the database's text), refused methods and failures carry the same
 * security headers as pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { BACKENDS } from '../helpers/stores.js';
import type { Store } from '../../src/store/open-store.js';
import { createApp } from '../../src/web/app.js';
import { loadHostileReport } from '../helpers/hostile-report.js';

const HEADERS = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options'];
const expectHeaders = (res: Response) => { for (const h of HEADERS) expect(res.headers.get(h), h).toBeTruthy(); };

const BAD: readonly (readonly [string, RegExp])[] = [
  ['/search?q=%00', /^Bad request: the parameter "q" holds a NUL byte\.$/],
  ['/search?q=abc%00def', /^Bad request: the parameter "q" holds a NUL byte\.$/],
  ['/flags?rule=%00', /^Bad request: the parameter "rule" holds a NUL byte\.$/],
  ['/flags?severity=error%00', /^Bad request: the parameter "severity" holds a NUL byte\.$/],
  ['/flags?region=%00&year=2023', /^Bad request: the parameter "region" holds a NUL byte\.$/],
  ['/compare?metric=%1b%5b31m', /^Bad request: the parameter "metric" holds a control character\.$/],
  ['/search?q=%ED%A0%80', /^Bad request: "q" is not valid percent-encoded UTF-8\.$/],
  ['/search?q=%E4%B8', /^Bad request: "q" is not valid percent-encoded UTF-8\.$/],
  ['/search?q=%zz', /^Bad request: "q" is not valid percent-encoded UTF-8\.$/],
  ['/search?%00=1', /^Bad request: a parameter name holds a NUL byte\.$/],
  [`/search?q=${'a'.repeat(600)}`, /^Bad request: the parameter "q" is longer than 500 characters\.$/],
  ['/report/1%00', /^Bad request: the path holds a NUL byte\.$/],
  ['/body/%C0%80', /^Bad request: the path is not valid percent-encoded UTF-8\.$/],
];

describe.each(BACKENDS)('web request guard on $name', (backend) => {
  let store: Store;
  let app: Hono;
  beforeAll(async () => {
    store = await backend.open();
    await loadHostileReport(store.db);
    app = createApp(store.db, { publicRead: true });
  });
  afterAll(async () => { await store.close(); });

  for (const [path, message] of BAD) {
    it(`${path.slice(0, 40)}: 400, a plain message, the headers`, async () => {
      const res = await app.request(path);
      const text = await res.text();
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(text).toMatch(message);
      expectHeaders(res);
    });
  }

  it('still answers good input with a NUL-free search', async () => {
    const res = await app.request('/search?q=%E6%A1%90%E5%BA%90');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('桐庐');
  });

  it('refuses other methods with 405 and the security headers', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await app.request('/flags', { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expectHeaders(res);
    }
  });

  it('answers 404 with the headers', async () => {
    const res = await app.request('/no/such/page');
    expect(res.status).toBe(404);
    expectHeaders(res);
  });
});

describe('a failing database', () => {
  it('is a 500 with a plain message, without the database error text, and with the headers', async () => {
    const store = await BACKENDS[1]!.open();
    const app = createApp(store.db, { publicRead: true });
    await store.close();
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      const res = await app.request('/flags?rule=identity.b.balance');
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(text).toContain('The request failed on the server (the error is in its log).');
      expect(text).not.toMatch(/destroy|pool|connect|ECONN|terminat/i);
      expectHeaders(res);
    } finally {
      process.stderr.write = stderr;
    }
  });
});
