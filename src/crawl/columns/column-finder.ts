/**
 * The column finder's decision on one navigation page: is it a 年报 column
 * (and whose), and which of its links are worth fetching next, with the trail
 * of links from the portal's home page as evidence. Pure: the crawl stage
 * (column-stage.ts) fetches, applies the page budget and host rules, and stores.
 */
import { isReportTitle } from '../classify.js';
import { canonicalUrl } from '../url.js';
import { columnBody, type BodyGuess } from './column-body.js';
import { FOLLOW_THRESHOLD, scoreLink, type LinkRole, type PageRole } from './link-score.js';
import type { NavPage } from './nav-page.js';

/** One hop of the way from the home page: the link (or frame, refresh, redirect) and what it was taken for. */
export interface NavStep {
  readonly url: string;
  readonly text: string;
  readonly role: PageRole;
  readonly score: number;
  readonly rule: string;
  readonly via: 'root' | 'link' | 'frame' | 'refresh' | 'script';
}

export interface FoundColumn {
  /** The list's own address (behind any frame or redirect). */
  readonly url: string;
  /** The way from the home page, ending with the list itself. */
  readonly trail: readonly NavStep[];
  readonly body: BodyGuess;
  /** A sub-column (by year or kind of body) of this column. */
  readonly parentUrl: string | null;
  /** It lists sub-columns rather than reports. */
  readonly central: boolean;
  readonly reportItems: number;
  readonly score: number;
}

export interface NavNext { readonly url: string; readonly step: NavStep }
export interface NavDecision { readonly column: FoundColumn | null; readonly next: readonly NavNext[] }

export interface FinderContext {
  /** The government the portal belongs to (the registry's body). */
  readonly siteBody: string;
  readonly rootUrl: string;
  /** Links scoring below this are not followed (default FOLLOW_THRESHOLD). */
  readonly threshold?: number;
}

const COLUMN_WORDS = /年报|年度报告|(信息|政务)公开(工作)?报告/;

/** The page calls itself a 年报 column: a short title part, the breadcrumb's last step or a heading, with no year. */
export function namesColumn(page: NavPage): string | null {
  const parts = [...(page.title ?? '').split(/\s*[-_|—–·]\s*/), page.crumb.at(-1) ?? '', ...page.headings];
  return parts.map((s) => s.replace(/\s+/g, '')).find((s) => s.length > 0 && s.length <= 16 && COLUMN_WORDS.test(s) && !/(19|20)\d{2}/.test(s)) ?? null;
}

const step = (url: string, text: string, role: PageRole, score: number, rule: string, via: NavStep['via'] = 'link'): NavStep => ({ url, text, role, score, rule, via });

/**
 * Decides on `page` (served at `url`, reached by `trail`, whose last step is
 * this page). Stubs send the finder on with the same role; a column ends the
 * way (only its sub-columns are followed; its pages and reports are the list
 * crawler's); any other page offers its scored links.
 *
 * A page is taken for a column by the link that led to it only when it was
 * served where the link pointed and offers no column links of its own: a dead
 * column redirected to a hub (which lists the newest report) is no column.
 */
export function decide(url: string, page: NavPage, trail: readonly NavStep[], ctx: FinderContext): NavDecision {
  const arrived = trail.at(-1)!;
  const redirected = canonicalUrl(url) !== canonicalUrl(arrived.url);
  const onward = (to: string, via: NavStep['via']): NavNext => ({ url: to, step: { ...arrived, url: to, via } });
  if (page.redirect) return { column: null, next: [onward(page.redirect.url, page.redirect.via)] };
  // A frame page: the frames are the content (a list is often in one).
  const frames = page.frames.map((f) => onward(f, 'frame'));
  if (frames.length && page.links.length <= 3) return { column: null, next: frames };
  const named = namesColumn(page);
  const offered = page.links.filter((l) => canonicalUrl(l.url) !== canonicalUrl(url) && !isReportTitle(l.text));
  const offersColumns = offered.some((l) => scoreLink(l.text, l.url, 'hub')?.role === 'column');
  const byLink = (arrived.role === 'column' || arrived.role === 'sub-column') && !redirected && !offersColumns;
  const columnish = byLink || named !== null;
  const listLike = page.reportItems > 0 || page.listSignals.length > 0;
  const scored = offered
    .map((l) => ({ l, s: scoreLink(l.text, l.url, columnish ? 'column' : arrived.role === 'column' || arrived.role === 'sub-column' ? 'hub' : arrived.role) }))
    .filter((x): x is { l: typeof x.l; s: NonNullable<typeof x.s> } => x.s !== null);
  const subs = columnish ? scored.filter((x) => x.s.role === 'sub-column') : [];
  if (columnish && (listLike || subs.length > 0 || named !== null)) {
    const parent = trail.slice(0, -1).reverse().find((s) => s.role === 'column' || s.role === 'sub-column');
    const column: FoundColumn = {
      url, trail, body: columnBody(url, page, trail, ctx), parentUrl: arrived.role === 'sub-column' && parent ? parent.url : null,
      central: !listLike && subs.length > 0, reportItems: page.reportItems, score: arrived.score,
    };
    return { column, next: subs.map((x) => ({ url: x.l.url, step: step(x.l.url, x.l.text, 'sub-column', x.s.score, x.s.rule) })) };
  }
  const threshold = ctx.threshold ?? FOLLOW_THRESHOLD;
  const next = scored.filter((x) => x.s.role !== 'sub-column').map((x): NavNext => {
    // A pager leads to more of the same page.
    const role: LinkRole | PageRole = x.s.role === 'pager' ? arrived.role : x.s.role;
    const score = x.s.role === 'pager' ? arrived.score : x.s.score;
    return { url: x.l.url, step: step(x.l.url, x.l.text, role, score, x.s.rule) };
  }).filter((n) => n.step.score >= threshold);
  return { column: null, next: [...frames, ...dedupe(next)] };
}

/** One candidate per URL: the best-scored link to it. */
function dedupe(next: NavNext[]): NavNext[] {
  const best = new Map<string, NavNext>();
  for (const n of next) {
    const key = canonicalUrl(n.url) ?? n.url;
    const prev = best.get(key);
    if (!prev || n.step.score > prev.step.score) best.set(key, n);
  }
  return [...best.values()];
}

/** The trail's first step: the home page. */
export const rootStep = (url: string): NavStep => step(url, '', 'root', 100, 'root', 'root');
