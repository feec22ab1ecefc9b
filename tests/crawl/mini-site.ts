/** A tiny county site on node:http for crawler tests: routes are functions, every request is recorded. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MiniRequest { path: string; method: string; time: number; headers: http.IncomingHttpHeaders; status: number }
export interface MiniReply { status?: number; headers?: Record<string, string>; body?: string | Uint8Array; destroyAfter?: number; delayMs?: number }
export type Route = (req: http.IncomingMessage, body: string) => MiniReply | undefined;

export interface MiniSite {
  readonly base: string;
  readonly host: string;
  readonly requests: MiniRequest[];
  routes: Record<string, Route | MiniReply>;
  close(): Promise<void>;
}

export async function startMiniSite(routes: Record<string, Route | MiniReply>, opts: { latencyMs?: number } = {}): Promise<MiniSite> {
  const requests: MiniRequest[] = [];
  const site: { routes: Record<string, Route | MiniReply> } = { routes };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => setTimeout(reply, opts.latencyMs ?? 0));
    const reply = () => {
      const path = req.url ?? '/';
      const bare = path.split('?')[0]!;
      // Like real servers: `dir/index.html` and `dir/` are the same page.
      const route = site.routes[path] ?? site.routes[bare] ?? site.routes[bare.replace(/index\.html$/, '')];
      const reply: MiniReply = (typeof route === 'function' ? route(req, body) : route) ?? { status: 404, body: 'not found' };
      const status = reply.status ?? 200;
      requests.push({ path, method: req.method ?? 'GET', time: Date.now(), headers: req.headers, status });
      const bytes = typeof reply.body === 'string' ? Buffer.from(reply.body) : Buffer.from(reply.body ?? '');
      const etag = `"${bytes.length}-${hash(bytes)}"`;
      if (status === 200 && req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        requests[requests.length - 1]!.status = 304;
        return;
      }
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', etag, 'content-length': String(bytes.length), ...reply.headers });
        if (reply.destroyAfter !== undefined) {
          res.write(bytes.subarray(0, reply.destroyAfter));
          setTimeout(() => res.destroy(), 5);
          return;
        }
        res.end(bytes);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    };
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, requests,
    get routes() { return site.routes; },
    set routes(r) { site.routes = r; },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

function hash(b: Uint8Array): string {
  let h = 0;
  for (const x of b) h = (h * 31 + x) | 0;
  return (h >>> 0).toString(16);
}

export const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
