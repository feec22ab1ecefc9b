/**
 * A streaming HTML tokenizer for extraction: start tags, end tags and decoded
 * text, in one forward pass with no tree and no recursion, so its cost is linear
 * in the page whatever the nesting. It follows the HTML tokenizer where that
 * changes the text a reader sees (comments, raw-text elements, quoted `>` in
 * attributes, entities, EOF inside a tag); tree building is the caller's job.
 */
import { decodeHTML } from 'entities';

export interface ScanHandler {
  /** Attributes are given (as their raw source) only for these tag names; '' for others. */
  readonly attributesOf: ReadonlySet<string>;
  open(name: string, attrs: string): void;
  close(name: string): void;
  /** Decoded text. `raw` marks the content of <pre>-like and RCDATA elements, where line breaks count. */
  text(text: string, raw?: boolean): void;
}

// Elements whose content is not markup: skipped (scripts, styles, fallbacks) or read as text.
const SKIPPED = new Set(['script', 'style', 'noscript', 'iframe', 'noembed', 'noframes', 'template']);
const RCDATA = new Set(['title', 'textarea']);
const RAWTEXT = new Set(['xmp']);

const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
// Tag names end at white space, `/` or `>`.
const endsName = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 47 || c === 62;

const decode = (s: string): string => (s.includes('&') ? decodeHTML(s) : s).replace(/\0/g, '');

/**
 * Index just past the `>` closing a tag whose attributes start at `from`; -1 at EOF
 * (the tokenizer drops a tag cut off by the end of the file). A quote right
 * after `=` opens a value that may hold `>`.
 */
function tagEnd(html: string, from: number): number {
  let afterEq = false;
  let gt = html.indexOf('>', from);
  for (let i = from; gt >= 0 && i < gt; i++) {
    const c = html.charCodeAt(i);
    if ((c === 34 || c === 39) && afterEq) {
      const close = html.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      i = close;
      afterEq = false;
      if (close > gt) gt = html.indexOf('>', close + 1);
      continue;
    }
    if (c === 61) afterEq = true;
    else if (c !== 32 && c !== 10 && c !== 9 && c !== 13 && c !== 12) afterEq = false;
  }
  return gt < 0 ? -1 : gt + 1;
}

/** Where the raw content of `name` ends: the start of `</name` followed by a name end, or EOF. */
const CLOSERS = new Map([...SKIPPED, ...RCDATA, ...RAWTEXT].map((name) => [name, new RegExp(`</${name}(?=[\\s/>]|$)`, 'gi')]));

function rawEnd(html: string, from: number, name: string): number {
  const re = CLOSERS.get(name)!;
  re.lastIndex = from;
  const m = re.exec(html);
  return m ? m.index : html.length;
}

/** Scans `html` once, calling the handler for every tag and text run in order. */
export function scanHtml(html: string, h: ScanHandler): void {
  const n = html.length;
  let pos = 0;
  while (pos < n) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) { h.text(decode(html.slice(pos))); return; }
    if (lt > pos) h.text(decode(html.slice(pos, lt)));
    pos = lt;
    const c = html.charCodeAt(lt + 1);
    if (isLetter(c)) {
      let e = lt + 2;
      while (e < n && !endsName(html.charCodeAt(e))) e++;
      const name = html.slice(lt + 1, e).toLowerCase();
      const end = tagEnd(html, e);
      if (end < 0) return;
      h.open(name, h.attributesOf.has(name) ? html.slice(e, end - 1) : '');
      pos = end;
      if (SKIPPED.has(name) || RCDATA.has(name) || RAWTEXT.has(name)) {
        const stop = rawEnd(html, pos, name);
        if (RCDATA.has(name)) h.text(decode(html.slice(pos, stop)), true);
        else if (RAWTEXT.has(name)) h.text(html.slice(pos, stop).replace(/\0/g, ''), true);
        pos = stop;
        if (stop === n) { h.close(name); return; }
      } else if (name === 'plaintext') {
        h.text(html.slice(pos).replace(/\0/g, ''), true);
        return;
      }
    } else if (c === 47 /* / */) {
      const c2 = html.charCodeAt(lt + 2);
      if (isLetter(c2)) {
        let e = lt + 3;
        while (e < n && !endsName(html.charCodeAt(e))) e++;
        const end = tagEnd(html, e);
        if (end < 0) return;
        h.close(html.slice(lt + 2, e).toLowerCase());
        pos = end;
      } else if (c2 === 62) {
        pos = lt + 3; // `</>` is dropped
      } else {
        const gt = html.indexOf('>', lt + 2);
        if (gt < 0) return;
        pos = gt + 1; // `</3>` and the like: a bogus comment
      }
    } else if (c === 33 /* ! */ || c === 63 /* ? */) {
      if (html.startsWith('<!--', lt)) {
        if (html.startsWith('>', lt + 4)) { pos = lt + 5; continue; }
        if (html.startsWith('->', lt + 4)) { pos = lt + 6; continue; }
        const close = html.indexOf('-->', lt + 4);
        if (close < 0) return;
        pos = close + 3;
      } else {
        const gt = html.indexOf('>', lt + 2);
        if (gt < 0) return;
        pos = gt + 1; // doctype, CDATA, processing instruction
      }
    } else {
      h.text('<');
      pos = lt + 1;
    }
  }
}
