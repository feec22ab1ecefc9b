/** XML character data as text, for the zip-based formats' readers (DOCX, OFD), which scan tags themselves. */

/** Entities and character references decoded; `&amp;` last, so `&amp;lt;` stays `&lt;`. */
export const decodeXmlText = (s: string): string => s
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
  .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => codePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d: string) => codePoint(Number(d))).replace(/&amp;/g, '&');

/** A character reference beyond Unicode (or a surrogate) is U+FFFD, not an exception that loses the document. */
const codePoint = (n: number): string => (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) || !Number.isFinite(n) ? '\uFFFD' : String.fromCodePoint(n));
