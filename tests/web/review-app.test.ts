/**
 * Accounts and review on the web app, in process on both databases: who may
 * read, who may write, CSRF, region scopes, sign-in throttling and the audit
 * log — every refusal tested by direct request, not by what the page shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import type { Hono } from 'hono';
import { BACKENDS } from '../helpers/stores.js';
import { addSites, publish, runNoCrawl, SITES, synthFor } from '../helpers/review-fixture.js';
import type { Store } from '../../src/store/open-store.js';
import { createApp } from '../../src/web/app.js';
import { addAccount } from '../../src/auth/accounts.js';
import { verifyPassword } from '../../src/auth/passwords.js';

const PASSWORD = 'a long enough passphrase';
const GRANTED_NP = 'applications.granted.natural_person';

/** A browser's cookie jar over app.request. */
class Client {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly app: Hono) {}

  async req(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.app.request(path, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=') as [string, string];
      if (/max-age=0/i.test(c)) this.cookies.delete(k); else this.cookies.set(k, v);
    }
    return res;
  }

  post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.req(path, { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  }

  /** The CSRF token of a page's forms. */
  async token(path = '/'): Promise<string> {
    return cheerio.load(await (await this.req(path)).text())('input[name=_csrf]').first().attr('value') ?? '';
  }

  async login(name: string, password = PASSWORD): Promise<Response> {
    const token = await this.token('/login');
    return this.post('/login', { _csrf: token, name, password, next: '/review' });
  }

  cookie(name: string) { return this.cookies.get(name); }
}

describe.each(BACKENDS)('review web app on $name', (backend) => {
  let store: Store;
  let app: Hono;
  let flagOf: (url: string) => Promise<number>;
  let reportOf: (url: string) => Promise<number>;
  const LINTAN = 'http://lintan.example.test/2023.html';
  const CHUNAN = 'http://chunan.example.test/2023.html';

  beforeAll(async () => {
    store = await backend.open();
    await addSites(store.db);
    for (const [site, url, seed] of [[SITES.lintan, LINTAN, 7], [SITES.chunan, CHUNAN, 11]] as const) {
      const r = synthFor(site, 2023, seed);
      await publish(store.db, site, url, r, { [GRANTED_NP]: (r.cells[GRANTED_NP] as number) + 5 });
    }
    await runNoCrawl(store);
    const by = { actor: null, origin: 'test' };
    await addAccount(store.db, { name: 'ann', role: 'reviewer', regions: ['620000'], password: PASSWORD }, by);
    await addAccount(store.db, { name: 'bo', role: 'reviewer', regions: ['330000'], password: PASSWORD }, by);
    await addAccount(store.db, { name: 'vic', role: 'viewer', regions: [], password: PASSWORD }, by);
    await addAccount(store.db, { name: 'root', role: 'admin', regions: [], password: PASSWORD }, by);
    app = createApp(store.db, { publicRead: false });
    reportOf = async (url) => (await store.db.selectFrom('reports as r').innerJoin('documents as d', 'd.id', 'r.document_id').select('r.id')
      .where('d.url', '=', url).where('r.superseded_by', 'is', null).executeTakeFirstOrThrow()).id;
    flagOf = async (url) => (await store.db.selectFrom('flag_states').select('id').where('report_id', '=', await reportOf(url))
      .where('rule', '=', 'identity.b.row_total').executeTakeFirstOrThrow()).id;
  }, 240_000);
  afterAll(async () => { await store?.close(); });

  const stateOf = async (id: number) => (await store.db.selectFrom('flag_states').select(['state', 'decided_by']).where('id', '=', id).executeTakeFirstOrThrow());

  it('asks for an account to read unless reading is public; writing needs one either way', async () => {
    const anon = new Client(app);
    const home = await anon.req('/');
    expect([home.status, home.headers.get('location')]).toEqual([303, '/login?next=%2F']);
    expect((await anon.req('/static/style.css')).status).toBe(200);
    expect((await anon.req('/login')).status).toBe(200);
    const open = new Client(createApp(store.db, { publicRead: true }));
    expect((await open.req('/review')).status).toBe(200);
    const flag = await flagOf(LINTAN);
    const post = await open.post(`/flag/${flag}/confirm`, { _csrf: 'x' });
    expect(post.status).toBe(403);
    expect(await post.text()).toContain('Sign in to review');
    expect((await open.post('/search', {})).status).toBe(405);
    expect((await stateOf(flag)).state).toBe('open');
  });

  it('signs in with an HttpOnly, SameSite session cookie, and refuses a sign-in form from elsewhere', async () => {
    const ann = new Client(app);
    const token = await ann.token('/login');
    const res = await ann.post('/login', { _csrf: token, name: 'ann', password: PASSWORD, next: '/review' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/review']);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('nianbao_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await ann.req('/review')).status).toBe(200);

    const forged = new Client(app);
    await forged.token('/login');
    expect((await forged.post('/login', { _csrf: 'not-the-token', name: 'ann', password: PASSWORD })).status).toBe(403);
    const offsite = new Client(app);
    const t = await offsite.token('/login');
    expect((await offsite.post('/login', { _csrf: t, name: 'ann', password: PASSWORD }, { origin: 'http://evil.example' })).status).toBe(403);
    expect(forged.cookie('nianbao_session')).toBeUndefined();
    // An open redirect is not on offer.
    const next = new Client(app);
    const t2 = await next.token('/login');
    expect((await next.post('/login', { _csrf: t2, name: 'vic', password: PASSWORD, next: '//evil.example/x' })).headers.get('location')).toBe('/');
  });

  it('refuses a POST without the session\'s CSRF token, with another session\'s, or from another site', async () => {
    const ann = new Client(app);
    await ann.login('ann');
    const bo = new Client(app);
    await bo.login('bo');
    const flag = await flagOf(LINTAN);
    expect((await ann.post(`/flag/${flag}/confirm`, {})).status).toBe(403);
    expect((await ann.post(`/flag/${flag}/confirm`, { _csrf: await bo.token('/review') })).status).toBe(403);
    expect((await ann.post(`/flag/${flag}/confirm`, { _csrf: await ann.token('/review') }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await ann.post(`/flag/${flag}/confirm`, { _csrf: await ann.token('/review') }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await stateOf(flag)).state).toBe('open');
    const ok = await ann.post(`/flag/${flag}/confirm`, { _csrf: await ann.token('/review'), next: '/review?at=1' });
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/review?at=1']);
    expect(await stateOf(flag)).toEqual({ state: 'confirmed', decided_by: 'ann' });
  });

  it('shows a viewer no forms and refuses their forged POST', async () => {
    const vic = new Client(app);
    await vic.login('vic');
    const report = await reportOf(LINTAN);
    const $ = cheerio.load(await (await vic.req(`/report/${report}`)).text());
    expect($('form.review').length).toBe(0);
    expect($('#flags [data-state]').length).toBe(2);
    expect(cheerio.load(await (await vic.req('/review')).text())('form.review').length).toBe(0);
    const flag = await flagOf(CHUNAN);
    const res = await vic.post(`/flag/${flag}/dismiss`, { _csrf: await vic.token('/review'), reason: 'rule_too_strict' });
    expect(res.status).toBe(403);
    expect(cheerio.load(await res.text())('#refusal').text()).toBe('vic is a viewer and may not review');
    expect((await stateOf(flag)).state).toBe('open');
  });

  it('keeps a provincial reviewer to their province, by direct request too', async () => {
    const bo = new Client(app);
    await bo.login('bo');
    const lintanReport = await reportOf(LINTAN);
    expect(cheerio.load(await (await bo.req(`/report/${lintanReport}`)).text())('form.review').length).toBe(0);
    const csrf = await bo.token('/review');
    const correct = await bo.post(`/report/${lintanReport}/cell/${GRANTED_NP}/correct`, { _csrf: csrf, value: '1', reason: 'x', source: 'line 1' });
    expect(correct.status).toBe(403);
    expect(cheerio.load(await correct.text())('#refusal').text()).toBe('bo reviews region 33 only; this report is in 623021');
    expect(await store.db.selectFrom('cell_corrections').select('id').execute()).toEqual([]);
    // His own province: the correction is stored, and the flags it explains close.
    const chunanReport = await reportOf(CHUNAN);
    const chunan = synthFor(SITES.chunan, 2023, 11);
    const page = cheerio.load(await (await bo.req(`/report/${chunanReport}/cell/${GRANTED_NP}`)).text());
    expect(page('#cell-excerpt mark').text()).toBe(`<td>${(chunan.cells[GRANTED_NP] as number) + 5}</td>`);
    const ok = await bo.post(`/report/${chunanReport}/cell/${GRANTED_NP}/correct`,
      { _csrf: csrf, value: String(chunan.cells[GRANTED_NP]), reason: 'misread', source: page('#correct-form input[name=source]').attr('value')! });
    expect(ok.status).toBe(303);
    const states = await store.db.selectFrom('flag_states').select('state').where('lineage', 'like', 'body:%').where('report_id', '=', chunanReport).execute();
    expect(states.map((s) => s.state)).toEqual(['resolved', 'resolved']);
    const after = cheerio.load(await (await bo.req(`/report/${chunanReport}`)).text());
    expect(after(`td[data-key="${GRANTED_NP}"]`).attr('class')).toBe('v reviewed');
    expect(after(`td[data-key="${GRANTED_NP}"]`).text()).toBe(String(chunan.cells[GRANTED_NP]));
  });

  it('refuses the sixth wrong password in a minute without checking the hash, and audits every attempt', async () => {
    let checks = 0;
    const counting = (stored: string, pw: string) => { checks++; return verifyPassword(stored, pw); };
    const throttled = createApp(store.db, { publicRead: false, login: { verify: counting } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await new Client(throttled).login('ann', `wrong guess ${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(checks).toBe(5);
    // The sixth, even with the right password, is refused before the hash is computed.
    const sixth = await new Client(throttled).login('ann', PASSWORD);
    expect(sixth.status).toBe(429);
    // Until the first of the five failures leaves the minute's window.
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(sixth.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(checks).toBe(5);
    const audit = await store.db.selectFrom('audit_log').select(['action', 'target', 'origin']).where('action', 'like', 'login.%')
      .where('target', '=', 'user ann').orderBy('id', 'desc').limit(6).execute();
    expect(audit.map((a) => a.action).reverse()).toEqual(['login.failed', 'login.failed', 'login.failed', 'login.failed', 'login.failed', 'login.refused']);
  });

  it('audits every write with who and from where, and ends the session on sign-out', async () => {
    const writes = await store.db.selectFrom('audit_log').select(['actor', 'action', 'origin']).where('action', 'in', ['flag.confirm', 'cell.correct']).orderBy('id').execute();
    expect(writes).toEqual([{ actor: 'ann', action: 'flag.confirm', origin: 'local' }, { actor: 'bo', action: 'cell.correct', origin: 'local' }]);
    const root = new Client(app);
    await root.login('root');
    const log = cheerio.load(await (await root.req('/audit')).text());
    expect(log('#audit tr').slice(1).map((_, tr) => log(tr).find('td').eq(2).text()).get()).toEqual(expect.arrayContaining(['flag.confirm', 'cell.correct', 'login.refused']));
    const vic = new Client(app);
    await vic.login('vic');
    expect((await vic.req('/audit')).status).toBe(403);
    expect((await vic.post('/logout', { _csrf: await vic.token('/review') })).status).toBe(303);
    expect((await vic.req('/review')).status).toBe(303);
    expect((await store.db.selectFrom('audit_log').select('action').orderBy('id', 'desc').executeTakeFirstOrThrow()).action).toBe('logout');
  });
});
