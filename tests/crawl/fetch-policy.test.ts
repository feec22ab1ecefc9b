/**
 * Per-site transport, against loopback HTTPS servers with a self-signed certificate:
 * certificate checking is a visible choice (learned and logged, or refused, per site),
 * a host that speaks only TLS 1.0 is read, https that is really http falls back, a site's
 * Referer header is sent — and what a host taught is stored and used by the next crawl.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open-store.js';
import { postgresBackend } from '../helpers/stores.js';
import { crawl } from '../../src/crawl/index.js';
import type { Site } from '../../src/crawl/sites.js';
import { FetchPolicies } from '../../src/crawl/fetch-policy.js';

const TITLE = '某某县人民政府2023年政府信息公开工作年度报告';
const pages: Record<string, string> = {
  '/robots.txt': 'User-agent: *\nAllow: /\n',
  '/nb/': `<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><ul><li><a href="/nb/t1.html" title="${TITLE}">${TITLE}</a></li></ul></body></html>`,
  '/nb/t1.html': `<html><head><meta charset="utf-8"><title>${TITLE}</title></head><body><h1>${TITLE}</h1><p>一、总体情况</p></body></html>`,
};
const handler = (needReferer = false) => (req: http.IncomingMessage, res: http.ServerResponse) => {
  const body = pages[req.url ?? ''];
  if (!body) return void res.writeHead(404).end('not found');
  if (needReferer && req.url !== '/robots.txt' && !(req.headers.referer ?? '').startsWith('http://www.example.gov.cn/')) return void res.writeHead(403).end('forbidden');
  res.writeHead(200, { 'content-type': req.url === '/robots.txt' ? 'text/plain' : 'text/html; charset=utf-8' }).end(body);
};

let dir: string;
let tls: { key: Buffer; cert: Buffer };
const servers: Array<http.Server> = [];
async function serve(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    '-days', '2', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  tls = { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
  fs.rmSync(dir, { recursive: true, force: true });
});

let store: Store | null = null;
afterEach(async () => { await store?.close(); store = null; });

const site = (id: string, base: string, fetch?: Site['fetch']): Site => ({
  id, base_url: `${base}/`, body: '某某县人民政府', lists: [`${base}/nb/`], hints: { list_style: 'auto', needs_browser: false }, ...(fetch ? { fetch } : {}),
});

async function crawlSites(sites: Site[]) {
  store ??= await postgresBackend.open();
  await crawl(store, { sites, minIntervalMs: 5, backoffBaseMs: 10, maxAttempts: 2, timeoutMs: 3000, browser: false, fresh: true });
  const reports = await store.db.selectFrom('documents').select(['url', 'site_id']).where('kind', '=', 'report').execute();
  const log = await store.db.selectFrom('fetch_log').select(['url', 'status', 'tls', 'error']).orderBy('id').execute();
  const learned = await store.db.selectFrom('host_fetch_policy').selectAll().execute();
  return { reports, log, learned };
}

describe('certificate checking, per site', () => {
  it('learns to read a self-signed portal and says so; refuses it where the site asks to verify', async () => {
    const host = await serve(https.createServer(tls, handler()));
    const r = await crawlSites([site('learns', `https://${host}`)]);
    expect(r.reports.map((d) => new URL(d.url).pathname)).toEqual(['/nb/t1.html']);
    const first = r.log.find((l) => l.error)!;
    expect(first.error).toMatch(/self-signed certificate/);
    expect(r.log.filter((l) => l.status === 200).every((l) => /^TLSv1\.3 unverified: .*SELF_SIGNED/.test(l.tls ?? ''))).toBe(true);
    expect(r.learned).toEqual([expect.objectContaining({ host, tls_verify: false, site_id: 'learns', reason: expect.stringMatching(/certificate not verified \(self-signed certificate/) })]);

    // The next crawl starts from what was learned: no failed handshake first.
    const before = r.log.length;
    const again = await crawlSites([site('learns', `https://${host}`)]);
    expect(again.log.slice(before).filter((l) => l.error)).toEqual([]);

    const strict = await serve(https.createServer(tls, handler()));
    const refused = await crawlSites([site('verifies', `https://${strict}`, { tls_verify: 'verify', scheme_fallback: true, headers: {} })]);
    expect(refused.reports.filter((d) => d.site_id === 'verifies')).toEqual([]);
    expect(refused.log.filter((l) => l.url.includes(strict)).every((l) => /self-signed certificate/.test(l.error ?? ''))).toBe(true);
    expect(refused.learned.map((l) => l.host)).not.toContain(strict);
  });
});

describe('hosts that need another way in', () => {
  it('reads a host that speaks only TLS 1.0, logging the protocol it used', async () => {
    const host = await serve(https.createServer({ ...tls, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, handler()));
    const r = await crawlSites([site('legacy', `https://${host}`)]);
    expect(r.reports.map((d) => new URL(d.url).pathname)).toEqual(['/nb/t1.html']);
    expect(r.log.filter((l) => l.status === 200).map((l) => l.tls?.split(' ')[0])).toEqual(['TLSv1', 'TLSv1', 'TLSv1']);
    expect(r.learned).toEqual([expect.objectContaining({ host, tls_min_version: 'TLSv1', tls_verify: false })]);
  });

  it('falls back to http when the https address is an http server', async () => {
    const host = await serve(http.createServer(handler()));
    const r = await crawlSites([site('plain', `https://${host}`)]);
    expect(r.reports.map((d) => d.url)).toEqual([`http://${host}/nb/t1.html`]);
    expect(r.learned).toEqual([expect.objectContaining({ host, scheme: 'http', reason: expect.stringMatching(/https did not answer/) })]);
  });

  it('sends the headers the registry gives for a site', async () => {
    const host = await serve(http.createServer(handler(true)));
    const r = await crawlSites([site('referer', `http://${host}`, { tls_verify: 'learn', scheme_fallback: true, headers: { Referer: 'http://www.example.gov.cn/' } })]);
    expect(r.reports.map((d) => new URL(d.url).pathname)).toEqual(['/nb/t1.html']);
  });
});

describe('a proxy from the environment', () => {
  it('carries http requests and tunnels https ones, as HTTP_PROXY and HTTPS_PROXY say', async () => {
    const seen: string[] = [];
    const proxy = http.createServer((req, res) => {
      seen.push(`GET ${req.url}`);
      const up = http.request(req.url!, { method: req.method, headers: req.headers }, (r) => { res.writeHead(r.statusCode!, r.headers); r.pipe(res); });
      up.on('error', () => res.writeHead(502).end());
      req.pipe(up);
    });
    proxy.on('connect', (req, client: import('node:net').Socket, head: Buffer) => {
      seen.push(`CONNECT ${req.url}`);
      const [h, p] = req.url!.split(':');
      const up = net.connect(Number(p), h, () => { client.write('HTTP/1.1 200 Connection Established\r\n\r\n'); up.write(head); up.pipe(client); client.pipe(up); });
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
    });
    const proxyHost = await serve(proxy);
    const plain = await serve(http.createServer(handler()));
    const secure = await serve(https.createServer(tls, handler()));
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
    Object.assign(process.env, { HTTP_PROXY: `http://${proxyHost}`, HTTPS_PROXY: `http://${proxyHost}`, NO_PROXY: '' });
    try {
      const r = await crawlSites([site('via-http', `http://${plain}`), site('via-https', `https://${secure}`)]);
      expect(r.reports.map((d) => d.url).sort()).toEqual([`http://${plain}/nb/t1.html`, `https://${secure}/nb/t1.html`]);
      expect(seen).toEqual(expect.arrayContaining([`GET http://${plain}/nb/t1.html`, `CONNECT ${secure}`]));
      expect(seen.some((x) => x.includes(`GET https://`))).toBe(false);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  });
});

describe('FetchPolicies', () => {
  it('learns nothing for a site that must verify, and nothing twice', () => {
    const p = new FetchPolicies([site('a', 'https://a.test', { tls_verify: 'verify', scheme_fallback: false, headers: {} }), site('b', 'https://b.test')]);
    expect(p.learn('https://a.test/x', 'self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)')).toEqual({ again: false });
    expect(p.tls('https://a.test/x').rejectUnauthorized).toBe(true);
    expect(p.learn('https://b.test/x', 'self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)').again).toBe(true);
    expect(p.tls('https://b.test/x').rejectUnauthorized).toBe(false);
    expect(p.learn('https://b.test/x', 'self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)')).toEqual({ again: false });
    expect(p.learn('https://b.test/x', 'connect ECONNREFUSED 1.2.3.4:443').again).toBe(true);
    expect(p.target('https://b.test/nb/?a=1')).toBe('http://b.test/nb/?a=1');
  });
});
