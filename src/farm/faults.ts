/**
 * What goes wrong on the realistic profile's sites, keyed on the site and its
 * request count so a run repeats: resets, truncated bodies, 5xx bursts, 429,
 * slow answers, and anti-bot cookie challenges (加速乐 521, 瑞数-style 412).
 * Pure: the server in index.ts acts on these decisions.
 */
import type { SiteModel } from './world.js';

export type FaultKind = 'reset' | 'truncated' | 'http-500' | 'http-503' | 'http-429' | 'slow' | 'challenge-521' | 'challenge-412';

export interface Fault {
  readonly kind: FaultKind;
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly delayMs?: number;
}

/** The fault for the site's `n`-th request (robots.txt not counted), if any. */
export function faultFor(site: SiteModel, n: number): Fault | null {
  switch (site.index % 5) {
    case 0:
      if (n === 5) return { kind: 'reset' };
      if (n === 9) return { kind: 'truncated' };
      return null;
    case 1: return n >= 3 && n <= 4 ? { kind: 'http-500', status: 500 } : null;
    case 2: return n >= 4 && n <= 6 ? { kind: 'http-503', status: 503, headers: { 'retry-after': '1' } } : null;
    case 3: return n >= 8 && n <= 9 ? { kind: 'http-429', status: 429, headers: { 'retry-after': '1' } } : null;
    default: return n % 7 === 0 ? { kind: 'slow', delayMs: 1500 } : null;
  }
}

/** Sites behind an anti-bot wall: every request without the clearance cookie gets the challenge page. */
export function challengeFor(site: SiteModel): 521 | 412 | null {
  return site.index % 6 === 2 ? 521 : site.index % 6 === 4 ? 412 : null;
}

/** Every fault kind a site shows, in the order they come (for tests that check each was survived). */
export function faultKinds(site: SiteModel): FaultKind[] {
  // Read off faultFor over its schedule (every kind is due by the 9th request) rather than listed again.
  const kinds = new Set(Array.from({ length: 9 }, (_v, n) => faultFor(site, n + 1)?.kind).filter((k): k is FaultKind => k !== undefined));
  const challenge = challengeFor(site);
  return [...kinds, ...(challenge ? [`challenge-${challenge}` as FaultKind] : [])];
}

const COOKIE = '__jsl_clearance_s';
const clearance = (site: SiteModel) => `${1700000000 + site.index}.${(site.index * 7919) % 1000}|0|farm`;

export function hasClearance(site: SiteModel, cookieHeader: string | undefined): boolean {
  return (cookieHeader ?? '').split(';').some((c) => c.trim() === `${COOKIE}=${clearance(site)}`);
}

/** The challenge: a script that assembles the cookie from pieces and reloads, as 加速乐 does. */
export function challengePage(site: SiteModel): string {
  const [head, tail] = [clearance(site).slice(0, 6), clearance(site).slice(6)];
  const codes = [...tail.slice(0, 3)].map((c) => c.charCodeAt(0)).join(',');
  return `<html><body><script>document.cookie=('${COOKIE.slice(0, 11)}'+'${COOKIE.slice(11)}=')+('${head}')+String.fromCharCode(${codes})+('${tail.slice(3)}')`
    + `+';max-age=3600;path=/';location.href=location.pathname+location.search</script></body></html>`;
}
