/** The source lines shown beside the correction form: the value's characters marked, long lines clipped around them. */
import { describe, expect, it } from 'vitest';
import { sourceExcerpt } from '../../src/web/review/source-excerpt.js';

const doc = (text: string) => ({ bytes: new TextEncoder().encode(text), content_type: 'text/html; charset=utf-8' });

describe('source excerpt', () => {
  const lines = Array.from({ length: 10 }, (_, i) => `<tr><td>row ${i}</td><td>${i * 10}</td></tr>`);
  const text = lines.join('\n');

  it('shows three lines each side of the value with its characters marked', () => {
    const start = text.indexOf('<td>50</td>');
    const ex = sourceExcerpt(doc(text), { line_index: 5, span_start: start, span_end: start + '<td>50</td>'.length })!;
    expect(ex.map((l) => l.n)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(ex[3]).toEqual({ n: 6, before: '<tr><td>row 5</td>', mark: '<td>50</td>', after: '</tr>' });
    expect(ex.filter((l) => l.mark).length).toBe(1);
  });

  it('finds the line from the offsets alone, and clips a page printed on one long line', () => {
    const long = `${'x'.repeat(5000)}<td>7</td>${'y'.repeat(5000)}`;
    const start = long.indexOf('<td>7</td>');
    const [only] = sourceExcerpt(doc(long), { line_index: null, span_start: start, span_end: start + 10 })!;
    expect(only!.mark).toBe('<td>7</td>');
    expect(only!.before).toBe(`…${'x'.repeat(160)}`);
    expect(only!.after).toBe(`${'y'.repeat(160)}…`);
  });

  it('has nothing to show for a cell without a place in the text', () => {
    expect(sourceExcerpt(doc(text), { line_index: null, span_start: null, span_end: null })).toBeNull();
    expect(sourceExcerpt(doc(text), { line_index: 99, span_start: null, span_end: null })).toBeNull();
  });
});
