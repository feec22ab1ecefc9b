/** Grouping reports by body and year, and the date a report came out. */
import type { Report } from '../model/report.js';

/** The body a report belongs to, or null when the report names none. */
export function bodyKey(r: Report): string | null {
  if (!r.body.name && !r.body.regionCode) return null;
  return `${r.body.regionCode ?? ''}|${r.body.name ?? ''}`;
}

/** Same body (reports naming no body are only the same as themselves). */
export const sameBody = (a: Report, b: Report): boolean => {
  const ka = bodyKey(a), kb = bodyKey(b);
  return ka === null || kb === null ? a.id === b.id : ka === kb;
};

/** yyyy-mm-dd the report came out: its own date, else when the crawler first saw it. */
export function releaseDate(r: Report): string | null {
  if (r.publishedDate) return r.publishedDate;
  return r.firstSeenAt ? r.firstSeenAt.toISOString().slice(0, 10) : null;
}

/** Of two reports with the same content, the later one is the copy; unknown or equal dates: both. */
export function laterOf(a: Report, b: Report): Report[] {
  const da = releaseDate(a), db = releaseDate(b);
  if (!da || !db || da === db) return [a, b];
  return da > db ? [a] : [b];
}
