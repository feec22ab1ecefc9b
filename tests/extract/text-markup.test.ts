/**
 * Markup an HTML-to-Markdown converter leaves in text cells (text-markup.ts), read as the
 * rendered page shows it. The robustness probe runs the corpus's text pages under it (bold
 * cells, literal <br>, escapes, entities: 96 of 121 page pairs failed before); these are the
 * edges: what the rendered cell would not show as its value stays out, as in HTML.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { withoutMarkup } from '../../src/extract/text-markup.js';
import { generateReport, renderReport } from '../../src/synth/index.js';

describe('a converter\'s markup in a text cell', () => {
  it('reads emphasis, line breaks, escapes, entities and inline tags as rendered', () => {
    expect(withoutMarkup('**12**')).toBe('12');
    expect(withoutMarkup('__12__')).toBe('12');
    expect(withoutMarkup('*12*')).toBe('12');
    expect(withoutMarkup('**商业企业**')).toBe('商业企业');
    expect(withoutMarkup('** **')).toBe('');
    expect(withoutMarkup('商业<br>企业')).toBe('商业企业');
    expect(withoutMarkup('1<br/>2')).toBe('1¦2');
    // Full-width digits as a WPS or Word export prints them: read joined, １２ was the value 12.
    expect(withoutMarkup('１<br>２')).toBe('１¦２');
    expect(withoutMarkup('1\\.属于国家秘密')).toBe('1.属于国家秘密');
    expect(withoutMarkup('\\-3')).toBe('-3');
    expect(withoutMarkup('规章&nbsp;')).toBe('规章\u00a0');
    expect(withoutMarkup('<span style="color:red">7</span>')).toBe('7');
  });

  it('leaves out what the rendered cell does not show as its value: a superscript, struck-out text', () => {
    expect(withoutMarkup('12<sup>1</sup>')).toBe('12');
    expect(withoutMarkup('~~5~~6')).toBe('6');
    expect(withoutMarkup('<del>5</del>6')).toBe('6');
  });

  it('leaves alone what is no markup: a footnote star, a lone backslash, an escaped pipe, plain text', () => {
    for (const t of ['12*', '\\', '/', 'a\\|b', '5 × 3', '<5', '0', '行政许可']) expect(withoutMarkup(t), t).toBe(t);
  });

  it('full-width digits stacked in a Markdown cell state no value; the row\'s other cells are read', () => {
    const s = generateReport(7);
    const key = 'applications.new_received.total';
    const v = String(s.cells[key]);
    const wide = (d: string) => String.fromCharCode(d.charCodeAt(0) + 0xfee0);
    const text = renderReport(s, 'markdown').replace(new RegExp(String.raw`(一、本年新收政府信息公开申请数量 \|(?: [^|]* \|){6}) ${v} \|`), `$1 ${wide('1')}<br>${wide('2')} |`);
    expect(text).toContain('１<br>２');
    const r = extractText(text, { fileName: 'p.md' });
    if (!r.ok) throw new Error('not read');
    expect(r.cells[key]).toBeUndefined();
    expect(r.cells['applications.new_received.natural_person']).toBe(s.cells['applications.new_received.natural_person']);
  });

  it('a bold value keeps its place in the text: its provenance is the digits between the stars', () => {
    const s = generateReport(7);
    const text = renderReport(s, 'markdown').replace(/(?<=\| )(\d+)(?= \|)/g, '**$1**');
    const r = extractText(text, { fileName: 'p.md' });
    if (!r.ok) throw new Error(r.error);
    expect(Object.keys(s.cells).filter((k) => r.cells[k] !== s.cells[k])).toEqual([]);
    const { start = -1, end = -1 } = r.details.find((x) => x.key === 'applications.new_received.total')!.provenance;
    expect(text.slice(start, end)).toBe(String(s.cells['applications.new_received.total']));
    expect(text.slice(start - 2, end + 2)).toBe(`**${s.cells['applications.new_received.total']}**`);
  });
});

describe('a converter\'s markup in the title', () => {
  it('reads the title and body of a bold or heading-marked title line without the marks', () => {
    const md = renderReport(generateReport(7), 'markdown');
    const title = md.split('\n')[0]!;
    for (const text of [md.replace(title, `**${title}**`), md.replace(title, `# **${title}**`), md.replace(title, `## ${title}`)]) {
      const r = extractText(text, { fileName: 'p.md' });
      if (!r.ok) throw new Error(r.error);
      expect(r.title).toBe(title);
      expect(r.organization).toBe(title.slice(0, title.search(/20\d{2}/)));
    }
  });
});
