/**
 * The few lines of the stored document around a cell, with the value's own
 * characters marked, so a reviewer correcting it reads the source beside the
 * form. Lines and offsets are those of `sourceText`, the text extraction read.
 */
import { sourceText } from '../../extract/source-text.js';

export interface ExcerptLine { readonly n: number; readonly before: string; readonly mark: string; readonly after: string }

/** Pages often sit on a few very long lines: show this much around the mark. */
const CONTEXT = 160;
const head = (s: string) => (s.length > CONTEXT ? `${s.slice(0, CONTEXT)}…` : s);
const tail = (s: string) => (s.length > CONTEXT ? `…${s.slice(-CONTEXT)}` : s);

/** Lines around the cell (±`around`), or null when the cell has no place in a text document. */
export function sourceExcerpt(
  doc: { readonly bytes: Uint8Array; readonly content_type: string | null },
  cell: { readonly line_index: number | null; readonly span_start: number | null; readonly span_end: number | null },
  around = 3,
): ExcerptLine[] | null {
  const text = sourceText(doc.bytes, doc.content_type);
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid]! <= offset) lo = mid; else hi = mid - 1; }
    return lo;
  };
  const span = cell.span_start !== null && cell.span_end !== null && cell.span_end <= text.length ? [cell.span_start, cell.span_end] as const : null;
  const line = cell.line_index ?? (span ? lineOf(span[0]) : null);
  if (line === null || line >= starts.length) return null;
  const out: ExcerptLine[] = [];
  for (let n = Math.max(0, line - around); n <= Math.min(starts.length - 1, line + around); n++) {
    const from = starts[n]!, to = n + 1 < starts.length ? starts[n + 1]! - 1 : text.length;
    const s = text.slice(from, to);
    if (span && span[0] < to && span[1] > from) {
      const a = Math.max(span[0], from) - from, b = Math.min(span[1], to) - from;
      out.push({ n: n + 1, before: tail(s.slice(0, a)), mark: s.slice(a, b), after: head(s.slice(b)) });
    } else {
      out.push({ n: n + 1, before: head(s), mark: '', after: '' });
    }
  }
  return out;
}
