/** What every farm profile's servers share: loopback addresses, binding, conditional answers. */
import type http from 'node:http';
import type { AddressInfo, Server } from 'node:net';

/** Host i's own loopback address: 127.0.1.1 … 127.0.1.254, then 127.0.2.1 … (all of 127/8 is loopback on Linux). */
export const loopbackOf = (i: number): string => `127.0.${1 + Math.floor(i / 254)}.${(i % 254) + 1}`;

export function listen(server: http.Server | Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** True when the request's validators match the reply's (If-None-Match first, as HTTP says). */
export function notModified(req: http.IncomingMessage, r: { etag?: string; lastModified?: Date }): boolean {
  const inm = req.headers['if-none-match'];
  if (inm && r.etag) return inm.split(',').some((t) => t.trim() === r.etag);
  const ims = req.headers['if-modified-since'];
  if (ims && r.lastModified) return Math.floor(r.lastModified.getTime() / 1000) <= Math.floor(Date.parse(ims) / 1000);
  return false;
}
