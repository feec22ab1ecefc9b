/**
 * What a site's `list_style` (registry hint) decides: how its list pages are
 * fetched first. `browser` (or `needs_browser`) renders them in Chromium from
 * the start; `json` says the list is read from a JSON API (named by the page, or
 * the list URL itself), so the list is never rendered; every other style starts with plain HTTP, and a list
 * that turns out to be drawn by scripts is rendered after all (discover stage).
 */
import type { FrontierRow } from '../store/frontier.js';
import type { Site } from './sites.js';
import type { RowMeta } from './crawl-context.js';

export type ListStrategy = 'http' | 'browser' | 'data';

/** How to fetch this row first. Only list pages are ever rendered; API answers and POSTs never. */
export function firstStrategy(row: Pick<FrontierRow, 'kind' | 'method' | 'meta'>, site: Site | undefined): ListStrategy {
  if (row.kind !== 'list') return 'http';
  if ((row.meta as RowMeta).data === true || row.method === 'POST') return 'data';
  const style = site?.hints.list_style ?? 'auto';
  if (style === 'json' && (row.meta as RowMeta).seed === true) return 'data';
  return style === 'browser' || site?.hints.needs_browser ? 'browser' : 'http';
}
