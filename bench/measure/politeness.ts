/**
 * Politeness as a server sees it, counted the same way for every crawler: a violation is a
 * request to a host *starting* less than the interval after the previous request to that
 * host started — robots.txt fetches and redirect hops included. Each violation is put in
 * one column by what the pair was: around a robots.txt fetch, right after a redirect, or
 * between two ordinary page requests.
 */

/** One request as the farm logged it on arrival (`time` = when it started, server side). */
export interface SeenRequest { readonly host: string; readonly path: string; readonly time: number; readonly status: number }

export const VIOLATION_KINDS = ['page', 'robots', 'redirect'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export interface Politeness {
  /** Most requests one host saw in any 1-second window. */
  readonly maxHostRps: number;
  readonly violations: Record<ViolationKind, number>;
  /** 2xx answers (pages actually delivered). */
  readonly pages: number;
  readonly requests: number;
}

/** Timer jitter allowed on the server's clock (a request logged 3 ms early is not rude). */
export const TOLERANCE_MS = 5;

const redirect = (status: number) => status >= 300 && status < 400 && status !== 304;

export function politeness(reqs: readonly SeenRequest[], intervalMs: number): Politeness {
  const byHost = new Map<string, SeenRequest[]>();
  for (const r of reqs) {
    const host = r.host.toLowerCase();
    const list = byHost.get(host);
    if (list) list.push(r); else byHost.set(host, [r]);
  }
  let maxHostRps = 0;
  const violations: Record<ViolationKind, number> = { page: 0, robots: 0, redirect: 0 };
  for (const list of byHost.values()) {
    list.sort((a, b) => a.time - b.time);
    let lo = 0;
    for (let hi = 0; hi < list.length; hi++) {
      while (list[hi]!.time - list[lo]!.time >= 1000) lo++;
      maxHostRps = Math.max(maxHostRps, hi - lo + 1);
      if (hi === 0) continue;
      const prev = list[hi - 1]!, cur = list[hi]!;
      if (cur.time - prev.time >= intervalMs - TOLERANCE_MS) continue;
      const kind: ViolationKind = cur.path === '/robots.txt' || prev.path === '/robots.txt' ? 'robots'
        : redirect(prev.status) ? 'redirect' : 'page';
      violations[kind]++;
    }
  }
  return { maxHostRps, violations, pages: reqs.filter((r) => r.status >= 200 && r.status < 300).length, requests: reqs.length };
}

export const totalViolations = (p: Politeness): number => VIOLATION_KINDS.reduce((s, k) => s + p.violations[k], 0);
