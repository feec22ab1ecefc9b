/**
 * robots.txt per host, fetched once per process through the same polite gate
 * as every other request. A missing robots.txt (4xx) allows everything; an
 * unreachable one (5xx, network) also allows, but the failure is logged.
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

  constructor(private readonly load: (origin: string) => Promise<Robots>) {}

  get(url: string): Promise<Robots> {
    const origin = new URL(url).origin;
    let p = this.cache.get(origin);
    if (!p) {
      p = this.load(origin).catch(() => ALLOW_ALL);
      this.cache.set(origin, p);
    }
    return p;
  }
}
