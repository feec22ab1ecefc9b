/**
 * robots.txt per host, fetched once per process through the same polite gate
 * as every other request. A missing robots.txt (4xx) allows everything. An
 * unreachable one (5xx, network, timeout) means "not now" (RFC 9309 §2.3.1.3):
 * the host's rows wait and the file is asked for again later, because crawling
 * on regardless would also ignore its Crawl-delay.
 */
import { createRequire } from 'node:module';

// robots-parser is CommonJS (`module.exports = fn`); its typings claim an ES default export.
const robotsParser = createRequire(import.meta.url)('robots-parser') as typeof import('robots-parser').default;

export const ROBOTS_AGENT = 'nianbao';

export interface Robots {
  isAllowed(url: string): boolean;
  /** Crawl-delay in ms, if the file sets one for us or for `*`. */
  readonly crawlDelayMs: number | null;
}

export const ALLOW_ALL: Robots = { isAllowed: () => true, crawlDelayMs: null };

/** robots.txt could not be read: nothing may be fetched from the host until it can. */
export const UNREACHABLE: Robots & { readonly unreachable: true } = { isAllowed: () => false, crawlDelayMs: null, unreachable: true };
export const isUnreachable = (r: Robots): boolean => r === UNREACHABLE;

export function parseRobots(robotsUrl: string, text: string): Robots {
  const r = robotsParser(robotsUrl, text);
  const delay = r.getCrawlDelay(ROBOTS_AGENT);
  return {
    isAllowed: (url) => r.isAllowed(url, ROBOTS_AGENT) !== false,
    crawlDelayMs: typeof delay === 'number' && delay > 0 ? Math.min(delay, 120) * 1000 : null,
  };
}

/** One in-flight load per host: concurrent tasks for a new host share the same fetch. */
export class RobotsCache {
  private readonly cache = new Map<string, Promise<Robots>>();

  /** `retryMs`: how long an unreachable answer is kept before the file is asked for again. */
  constructor(private readonly load: (origin: string) => Promise<Robots>, private readonly retryMs = 5_000) {}

  get(url: string): Promise<Robots> {
    const origin = new URL(url).origin;
    let p = this.cache.get(origin);
    if (!p) {
      const loading = this.load(origin).catch((): Robots => UNREACHABLE);
      p = loading;
      this.cache.set(origin, p);
      void loading.then((r) => {
        if (isUnreachable(r)) setTimeout(() => { if (this.cache.get(origin) === loading) this.cache.delete(origin); }, this.retryMs).unref();
      });
    }
    return p;
  }
}
