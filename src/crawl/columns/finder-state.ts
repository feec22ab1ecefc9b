/**
 * The column finder's bounds during one crawl: a page budget per portal, the
 * depth of the way from the home page, and which hosts belong to a portal (its
 * own, its domain's, and sub-sites its 信息公开 pages link by a body's name;
 * never another registered site's). The rules are pure functions; the state
 * is this process's counts.
 */
import { discovers, type Site } from '../sites.js';
import { canonicalUrl, hostKey } from '../url.js';
import type { NavNext, NavStep } from './column-finder.js';

export const DEFAULT_NAV_BUDGET = 300;
/** Steps from the home page (frames and redirects count). */
export const MAX_TRAIL = 10;
/** Hosts besides the portal's own that one portal may span. */
export const MAX_EXTRA_HOSTS = 30;

/** The part of a host name a government's sites share: abc.gov.cn for www.abc.gov.cn and xxgk.abc.gov.cn. */
export function siteDomain(host: string): string {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name) || !name.includes('.')) return name;
  const labels = name.split('.');
  const second = labels.at(-2) ?? '';
  // gov.cn, com.cn, org.cn … take three labels.
  const keep = /^(gov|com|org|net|edu|ac)$/.test(second) && labels.at(-1)!.length === 2 ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** Roles of pages that list a portal's bodies and sections: a link from them to another host may be a sub-site. */
const SUBSITE_FROM = new Set<string>(['root', 'hub', 'directory', 'body']);
const SUBSITE_TO = new Set<string>(['hub', 'directory', 'body', 'column']);

export interface HostScope {
  readonly rootHost: string;
  /** Hosts already taken as this portal's. */
  readonly hosts: ReadonlySet<string>;
  /** Is this the home host of another registered site? */
  readonly foreign: (host: string) => boolean;
}

/**
 * May the finder follow `next` (found on a page reached by `arrived`)? Its
 * own hosts and its domain always; another registered site's never; any other
 * host only when a page listing bodies or sections links it by a body's or
 * section's name, while the portal spans few hosts.
 */
export function admits(scope: HostScope, arrived: NavStep, next: NavNext): boolean {
  const host = hostKey(next.url);
  if (host === scope.rootHost || scope.hosts.has(host)) return true;
  if (scope.foreign(host)) return false;
  if (siteDomain(host) === siteDomain(scope.rootHost) && !/^\d+\.\d+\.\d+\.\d+$/.test(host.replace(/:\d+$/, ''))) return true;
  // A frame or a redirect is the page's own content moved elsewhere.
  if (next.step.via !== 'link') return true;
  return SUBSITE_FROM.has(arrived.role) && SUBSITE_TO.has(next.step.role) && next.step.score >= 55 && scope.hosts.size < MAX_EXTRA_HOSTS;
}

/** Frontier priority of a navigation page: above lists (10) and reports, better-scored first. */
export const navPriority = (score: number): number => 20 + Math.round(Math.max(0, Math.min(100, score)) / 10);

/** A found column the registry's hand-given lists or `discover.exclude` override. */
export function overridden(site: Site, url: string): boolean {
  const c = canonicalUrl(url);
  if (site.lists.some((l) => canonicalUrl(l) === c)) return true;
  return (site.discover?.exclude ?? []).some((prefix) => url.startsWith(prefix) || (c ?? '').startsWith(prefix));
}

export class FinderState {
  private readonly spent = new Map<string, number>();
  private readonly hosts = new Map<string, Set<string>>();
  private readonly foreign = new Map<string, string>();

  /** `navigationOnly`: find columns, but do not crawl their lists (`sites discover`). */
  constructor(private readonly sites: ReadonlyMap<string, Site>, readonly navigationOnly = false) {
    for (const s of sites.values()) this.foreign.set(hostKey(s.base_url), s.id);
  }

  /** Takes one page from the site's budget; false when it is spent. */
  spend(siteId: string): boolean {
    const site = this.sites.get(siteId);
    if (!site || !discovers(site)) return true;
    const n = this.spent.get(siteId) ?? 0;
    if (n >= (site.discover?.max_pages ?? DEFAULT_NAV_BUDGET)) return false;
    this.spent.set(siteId, n + 1);
    return true;
  }

  /** The candidates the site may follow; admitted hosts are remembered as the site's. */
  admit(site: Site, arrived: NavStep, trailLength: number, next: readonly NavNext[]): NavNext[] {
    if (trailLength >= MAX_TRAIL) return [];
    let hosts = this.hosts.get(site.id);
    if (!hosts) this.hosts.set(site.id, (hosts = new Set()));
    const scope: HostScope = { rootHost: hostKey(site.base_url), hosts, foreign: (h) => (this.foreign.get(h) ?? site.id) !== site.id };
    return next.filter((n) => {
      if (!admits(scope, arrived, n)) return false;
      hosts!.add(hostKey(n.url));
      return true;
    });
  }
}
