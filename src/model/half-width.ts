/**
 * Full-width forms (０-９, Ａ-Ｚ, punctuation, the ideographic space) as ASCII, so one
 * regex reads both: report cells, titles in crawl lists, publisher lines. One
 * conversion for the extractor and the crawler.
 */
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;

export function toHalfWidth(s: string): string {
  // Most text has nothing to convert: one scan instead of two replacements.
  if (!FULL_WIDTH.test(s)) return s;
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}
