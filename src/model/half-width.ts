/**
 * Full-width forms (０-９, Ａ-Ｚ, punctuation, the ideographic space) as ASCII, so one
 * regex reads both: report cells, titles in crawl lists, publisher lines. One
 * conversion for the extractor and the crawler.
 */
export function toHalfWidth(s: string): string {
  // One pass that copies only between conversions: report text holds many （）：，, so a
  // regex replace with a callback per character was among the extractor's costliest lines.
  let out = '', from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += s.slice(from, i) + String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += `${s.slice(from, i)} `;
    else continue;
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}
