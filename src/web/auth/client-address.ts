/**
 * The client's address, for rate limits and the audit log. From the socket,
 * unless the server runs behind a reverse proxy the operator trusts
 * (`serve --trust-proxy`): then the last X-Forwarded-For entry, the one that
 * proxy appended (earlier entries are whatever the client sent).
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const last = c.req.header('x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
    if (last && /^[\d.:a-fA-F]{2,45}$/.test(last)) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made in-process (app.request in tests) have no socket.
    return 'local';
  }
}

/** Whether the request reached us over TLS (directly, or through the trusted proxy). */
export const overTls = (c: Context, trustProxy: boolean): boolean =>
  new URL(c.req.url).protocol === 'https:' || (trustProxy && c.req.header('x-forwarded-proto') === 'https');
