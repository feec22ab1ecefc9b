/**
 * Value-preserving perturbations of a report page, each one a variation seen on
 * real county and city sites: the extractor must read the same cells from the
 * perturbed page as from the original. Every perturbation is a pure function of
 * the page text (and may return bytes, for encodings); `kinds` says which source
 * formats it makes sense for.
 */
import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';

export type SourceKind = 'html' | 'txt' | 'md';

export interface Perturbation {
  readonly name: string;
  readonly kinds: readonly SourceKind[];
  /** The perturbed page, and the kind it now is (flattening turns HTML into text). */
  readonly apply: (text: string) => { readonly out: string | Uint8Array; readonly kind: SourceKind };
}

// A value standing alone in a cell: delimited by a line end, a pipe, a space, a tag or &nbsp;.
// Never a year (`2020 年`): the title and narrative must keep their meaning.
const VALUE = /(?<=^|[\s|>;\u3000])([+-]?)(\d+)(\.\d+)?(?=$|[\s|<&\u3000])(?!\s*年)/gm;
/** A page's number printed between dashes (`— 2 —`, `- 2 -`), as the page-number variations print it. */
const PAGE_NUMBER = /^\s*[-—–－]+\s*\d+\s*[-—–－]+\s*$/;
// Values rewritten; a page's number is no value, and is printed as it was (`— 3 —`, never `— 3件 —`).
const mapValues = (text: string, f: (sign: string, int: string, frac: string) => string): string =>
  text.split('\n').map((l) => (PAGE_NUMBER.test(l) ? l : l.replace(VALUE, (_, sign: string, int: string, frac: string | undefined) => f(sign, int, frac ?? '')))).join('\n');

const fullWidth = (s: string): string => s.replace(/[0-9+\-.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const grouped = (int: string, sep: string): string => int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

// A cell holding only a short label (规章, 总计, 自然人, 行政许可): whole cell, never part of a sentence.
const SHORT_LABEL_TXT = /(?<=^|\|)([ \t]*)([\u4e00-\u9fff]{2,4})([ \t]*)(?=$|\|)/gm;
const SHORT_LABEL_HTML = />(\s*)([\u4e00-\u9fff]{2,4})((?:\s|&nbsp;)*)</g;
const spread = (label: string, gap: string): string => [...label].join(label.length === 2 ? gap + gap : gap);
const spaceLabels = (gap: string) => (text: string, kind: SourceKind): string =>
  kind === 'html'
    ? text.replace(SHORT_LABEL_HTML, (_, a: string, l: string, b: string) => `>${a}${spread(l, gap)}${b}<`)
    : text.replace(SHORT_LABEL_TXT, (_, a: string, l: string, b: string) => `${a}${spread(l, gap)}${b}`);

// Table A row names, as printed in a cell of their own.
const A_ROWS = '行政规范性文件|规范性文件|规章|行政许可|其他对外管理服务事项|行政处罚|行政强制|行政事业性收费|政府集中采购';
const A_LABEL = new RegExp(String.raw`(^|\||>)([ \t]*)(${A_ROWS})([ \t]*)(?=$|\||<|&nbsp;)`, 'gm');

/** Every `<td>` (or `<th>`) content, rewritten. */
const mapCells = (html: string, f: (inner: string, i: number) => string): string => {
  let i = 0;
  return html.replace(/<(td|th)(\s[^>]*)?>([\s\S]*?)<\/\1>/gi, (_, tag: string, attrs: string | undefined, inner: string) =>
    `<${tag}${attrs ?? ''}>${f(inner, i++)}</${tag}>`);
};
const isBlankInner = (inner: string): boolean => cheerio.load(`<div>${inner}</div>`)('div').text().replace(/[\s\u00a0]/g, '') === '';

const WRAPS: readonly ((s: string) => string)[] = [
  (s) => `<span style="font-family:宋体;font-size:10.5pt">${s}</span>`,
  (s) => `<font face="仿宋_GB2312" size="3">${s}</font>`,
  (s) => `<strong>${s}</strong>`,
  (s) => `<p class="MsoNormal" align="center" style="text-align:center"><span lang="EN-US" style="font-size:10.5pt">${s}<o:p></o:p></span></p>`,
];

/** The first row with a numeric cell: where a header ends. Null when a rowspan crosses it. */
function headerEnd(rows: string[]): number | null {
  const first = rows.findIndex((r) => />\s*(?:<[^>]+>\s*)*[+-]?\d+(?:\.\d+)?\s*(?:&nbsp;)?\s*</.test(r));
  if (first <= 0) return null;
  for (let i = 0; i < first; i++) {
    for (const m of rows[i]!.matchAll(/rowspan\s*=\s*["']?(\d+)/gi)) if (i + Number(m[1]) > first) return null;
  }
  return first;
}

/** Each table's header rows in a `<table>` of their own (pages pasted from two Word tables). */
function splitHeaders(html: string): string {
  return html.replace(/(<table[^>]*>)([\s\S]*?)(<\/table>)/gi, (whole, open: string, body: string, close: string) => {
    const parts = body.split(/(?=<tr[\s>])/i);
    const head = parts[0]!.includes('<tr') ? 0 : 1;
    const rows = parts.slice(head);
    const at = headerEnd(rows);
    if (at === null) return whole;
    const pre = parts.slice(0, head).join('');
    return `${open}${pre}${rows.slice(0, at).join('')}</tbody>${close}\n<table border="1"><tbody>${rows.slice(at).join('')}${close}`;
  });
}

/**
 * Consecutive tables merged into one (a single Word table for the whole statistical
 * part): a short heading between them becomes a full-width row; long prose keeps them apart.
 */
function mergeTables(html: string): string {
  return html.replace(/(?:<\/tbody>\s*)?<\/table>([\s\S]*?)<table[^>]*>(?:\s*<tbody[^>]*>)?/gi, (whole, between: string) => {
    const heading = cheerio.load(`<div>${between}</div>`)('div').text().replace(/[\s\u00a0]+/g, '');
    if (heading.length > 40 || /<table/i.test(between)) return whole;
    return heading ? `<tr><td colspan="10">${heading}</td></tr>` : '';
  });
}

const cellText = (s: string): string => s.replace(/[\u00a0\s]+/g, ' ').trim();

/** An HTML page saved as text (ending with a newline): title and prose as `prose` gives them, every table row as `row(cells)` gives it. */
function pageLines(html: string, row: (cells: string[]) => string[], prose: (line: string) => string[] = (l) => [l]): string {
  const $ = cheerio.load(html);
  $('script,style').remove();
  $('br').replaceWith(' ');
  const out: string[] = prose(cellText($('title').text()));
  $('body').find('p,table,h1,h2,h3,h4').each((_, el) => {
    if ($(el).parents('table').length) return;
    if (el.tagName !== 'table') { const t = cellText($(el).text()); if (t) out.push(...prose(t)); return; }
    $(el).find('tr').each((__, tr) => { out.push(...row($(tr).children('td,th').map((___, td) => cellText($(td).text())).get())); });
  });
  return `${out.join('\n')}\n`;
}

/**
 * What a scraper saves from an HTML page: prose as lines, each table cell on a
 * line of its own (a blank cell as a lone space), a blank line between rows.
 */
const flattenLines = (html: string, pipes: boolean): string => pageLines(html, (cells) => {
  const shown = cells.map((c) => c || ' ');
  return pipes ? [`| ${shown.join(' | ')} |`] : [...shown, ''];
});

/**
 * A page saved one paragraph per cell: a filled cell is its text and an empty
 * line, an empty cell only an empty line — blanks show only as longer gaps.
 */
const paragraphCells = (html: string): string => pageLines(html, (cells) => cells.flatMap((c) => (c ? [c, ''] : [''])), (l) => [l, '']);

/**
 * One cell per line, each closed by a pipe (`12 |`): a blank cell is a lone `|`
 * line, and so is the end of every row.
 */
const trailingPipeCells = (html: string): string => pageLines(html, (cells) => [...cells.map((c) => (c ? `${c} |` : '|')), '|']);

// Long table A names printed as a cell of their own, one character misprinted (行政事业型收费).
const LONG_A_LABEL = /(^|\||>)([ \t]*)(行政规范性文件|规范性文件|其他对外管理服务事项|行政事业性收费|政府集中采购)([ \t]*)(?=$|\||<|&nbsp;)/gm;
const misprint = (t: string): string =>
  t.replace(LONG_A_LABEL, (_, pre: string, a: string, l: string, b: string) => `${pre}${a}${l.slice(0, 2)}某${l.slice(3)}${b}`);

// The same names with one character left out (行政事业收费), as typed in a hurry — those of six
// characters or more: a name left at four (规范文件) is too short to forgive.
const leftOut = (t: string): string =>
  t.replace(LONG_A_LABEL, (m: string, pre: string, a: string, l: string, b: string) => (l.length < 6 ? m : `${pre}${a}${l.slice(0, 2)}${l.slice(3)}${b}`));

// Table A names as some tables print them: numbered in order, with the unit after (1.规章（件）).
const A_NAME_CELL = new RegExp(String.raw`(^|\||>)([ \t]*)(${A_ROWS})([ \t]*)(?=$|\||<|&nbsp;)`, 'gm');
const numberedA = (t: string): string => {
  const order = A_ROWS.split('|');
  return t.replace(A_NAME_CELL, (_, pre: string, a: string, l: string, b: string) =>
    `${pre}${a}${(order.indexOf(l) % 9) + 1}.${l}${l.endsWith('收费') || l.endsWith('采购') ? '' : '（件）'}${b}`);
};

const withMeta = (html: string, charset: string): string => {
  const stripped = html.replace(/<meta[^>]*charset[^>]*>/gi, '');
  const meta = `<meta http-equiv="Content-Type" content="text/html; charset=${charset}">`;
  return /<head[^>]*>/i.test(stripped) ? stripped.replace(/<head[^>]*>/i, (h) => `${h}${meta}`) : `${meta}\n${stripped}`;
};

/**
 * PDF text layers often print CJK characters as their Kangxi-radical look-alikes
 * (⼀ U+2F00 for 一, ⾏ U+2F8F for 行): every ideograph that has one, swapped.
 */
const RADICAL_OF: ReadonlyMap<string, string> = new Map(
  Array.from({ length: 0x2fd6 - 0x2e80 }, (_, i) => String.fromCodePoint(0x2e80 + i))
    .map((r) => [r.normalize('NFKC'), r] as const)
    .filter(([u, r]) => u !== r && /^[\u4e00-\u9fff]$/.test(u)),
);
const radicals = (t: string): string => t.replace(/[\u4e00-\u9fff]/g, (c) => RADICAL_OF.get(c) ?? c);

/** Digits outside markup and source lines (a URL stays a URL). */
const allDigitsFullWidth = (t: string, kind: SourceKind): string =>
  kind === 'html'
    ? t.replace(/>([^<]*)</g, (_, s: string) => `>${s.replace(/\d/g, fullWidth)}<`)
    : t.replace(/^(?!#\s*source:).*$/gm, (l) => l.replace(/\d/g, fullWidth));

/** A table copied out of a browser: prose as lines, each row its cells joined by tabs. */
const copiedRows = (html: string): string => pageLines(html, (cells) => [cells.join('\t')]);

// Years printed in Chinese numerals (二〇二三年度…报告), as some bodies title their reports.
const CN_DIGITS = '〇一二三四五六七八九';
const cnYears = (t: string): string =>
  t.replace(/^.*(?:信息公开|年报).*$/gm, (l) => (/^#\s*source:/.test(l) ? l : l.replace(/(20\d{2})(?=\s*年)/g, (y) => [...y].map((d) => CN_DIGITS[Number(d)]).join(''))));

/**
 * A label longer than a narrow column wraps onto a second line (PDF text layers,
 * Word tables pasted as text): `2.其他法律行政法规禁` / `止公开`. Only labels in a
 * cell (line or pipe segment) of their own, wrapped after ten characters; section
 * headings (…情况) span the page and titles and dates (digits) do not wrap.
 */
const wrapLabels = (t: string): string =>
  t.replace(/(?<=^|\|)([ \t]*)([^|\n\d\s][^|\n]{12,}?)([ \t]*)(?=$|\|)/gm, (whole, a: string, l: string, b: string) =>
    (/[。，；]|情况$/.test(l) || /\d/.test(l.slice(1)) || !/^[\u4e00-\u9fff(（]|^\d[.、]/.test(l) ? whole : `${a}${l.slice(0, 10)}\n${l.slice(10)}${b}`));

/**
 * Pipe rows drawn as a box table (WPS and text exports print one so): every wall a │,
 * rules of ─ between the rows (┌──┬──┐ above, ├──┼──┤ between, └──┴──┘ below), a
 * markdown rule line turned into a rule of ─.
 */
function boxDrawn(t: string): string {
  const lines = t.split('\n');
  const isRow = (l: string) => /^\s*\|.*\|\s*$/.test(l);
  const rule = (l: string, [a, m, b]: string) => {
    const cells = l.trim().slice(1, -1).split('|');
    return a + cells.map((c) => '─'.repeat(Math.max(2, c.length))).join(m) + b;
  };
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (!isRow(l)) { out.push(l); return; }
    if (/^[\s|:-]+$/.test(l)) { out.push(rule(l, '├┼┤')); return; }
    if (!isRow(lines[i - 1] ?? '')) out.push(rule(l, '┌┬┐'));
    else if (!/^[\s|:-]+$/.test(lines[i - 1]!)) out.push(rule(l, '├┼┤'));
    out.push(l.replace(/\|/g, '│'));
    if (!isRow(lines[i + 1] ?? '')) out.push(rule(l, '└┴┘'));
  });
  return out.join('\n');
}

/**
 * Page furniture copied along with the text of a paginated document: after every
 * `every`-th non-empty line, the lines of `mark(n, title)` (page n; the report's
 * title, as the first line naming a report prints it), each set off by the page's
 * usual gap (so a gap that marks a blank cell stays as long as it was).
 */
const pageMarks = (every: number, mark: (n: number, title: string) => string | string[], most = Infinity) => (t: string): string => {
  const lines = t.split('\n');
  const title = lines.find((l) => /年度报告|年报/.test(l))?.trim() ?? '政府信息公开工作年度报告';
  const gaps = new Map<number, number>();
  let prev = -1;
  lines.forEach((l, i) => { if (!l.trim()) return; if (prev >= 0) gaps.set(i - prev - 1, (gaps.get(i - prev - 1) ?? 0) + 1); prev = i; });
  const base = [...gaps].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  let seen = 0, page = 1;
  return lines.map((l) => (l.trim() && ++seen % every === 0 && page <= most ? [l, ...[mark(++page, title)].flat()].join(`\n${'\n'.repeat(base)}`) : l)).join('\n');
};

/** The page with a `<style>` block holding `css`: in its head (or first) or at the end of its body. */
const withStyle = (html: string, css: string, first: boolean): string => {
  const block = `<style type="text/css">${css}</style>`;
  if (!first) return /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${block}$&`) : `${html}${block}`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, `$&${block}`) : `${block}${html}`;
};

const ALL: readonly SourceKind[] = ['html', 'txt', 'md'];
const TEXT: readonly SourceKind[] = ['txt', 'md'];
const same = (f: (text: string, kind: SourceKind) => string, kind: SourceKind) => (text: string) => ({ out: f(text, kind), kind });
const p = (name: string, kinds: readonly SourceKind[], f: (text: string, kind: SourceKind) => string): Perturbation[] =>
  kinds.map((kind) => ({ name, kinds: [kind], apply: same(f, kind) }));

/** The perturbations, one per (name, source kind). */
// A text cell: between pipes, or a whole line of one cell a line (no pipe), not a rule, nor the
// corpus's `# source: URL` line (the case's metadata, not the page).
const TEXT_CELL = /(?<=^[ \t]*|\|[ \t]*)(?=\S)(?![-:\s]*(?:\||$))(?!# source:)[^|\n]*[^|\s](?=[ \t]*(?:\||$))/gm;

const codeSum = (s: string): number => [...s].reduce((a, c) => a + c.charCodeAt(0), 0);

export const PERTURBATIONS: readonly Perturbation[] = [
  ...p('full-width digits', ALL, (t) => mapValues(t, (s, i, f) => fullWidth(`${s}${i}${f}`))),
  ...p('thousands separators', ALL, (t) => mapValues(t, (s, i, f) => `${s}${grouped(i, ',')}${f}`)),
  ...p('full-width thousands separators', ALL, (t) => mapValues(t, (s, i, f) => `${s}${grouped(i, '，')}${f}`)),
  ...p('counts with a unit (件)', ALL, (t) => mapValues(t, (s, i, f) => (f ? `${s}${i}${f}` : `${s}${i}件`))),
  ...p('spaced short labels', ALL, spaceLabels(' ')),
  ...p('ideographic-spaced short labels', ALL, spaceLabels('\u3000')),
  ...p('table A labels with a colon', ALL, (t) => t.replace(A_LABEL, (_, pre: string, a: string, l: string, b: string) => `${pre}${a}${l}：${b}`)),
  ...p('ASCII and full-width brackets swapped', ALL, (t, kind) => {
    const swap = (s: string) => s.replace(/[()（）]/g, (c) => ({ '(': '（', ')': '）', '（': '(', '）': ')' })[c]!);
    return kind === 'html' ? t.replace(/>([^<]*)</g, (_, s: string) => `>${swap(s)}<`) : swap(t);
  }),
  ...p('item numbers as 1、', ALL, (t) => t.replace(/(?<=^|[|>\s;])([1-8])\.(?=[\u4e00-\u9fff“"])/gm, '$1、')),
  ...p('item numbers as 1．', ALL, (t) => t.replace(/(?<=^|[|>\s;])([1-8])\.(?=[\u4e00-\u9fff“"])/gm, '$1．')),
  ...p('zero-width spaces around cells (UEditor)', ['html'], (t) => mapCells(t, (s, i) => (isBlankInner(s) ? s : i % 2 ? `\u200b${s}\u200b` : `&#8203;${s}&#8203;`))),
  ...p('zero-width spaces around cells (UEditor)', TEXT, (t) => t.replace(/^(.*\S.*)$/gm, '\u200b$1')),
  // Word's optional hyphens: shown only where a line breaks in a word, they split a label.
  ...p('soft hyphens inside words (&shy;)', ['html'], (t) => mapCells(t, (s, i) => s.replace(/([\u4e00-\u9fff])(?=[\u4e00-\u9fff])/, i % 2 ? '$1&shy;' : '$1\u00ad'))),
  ...p('soft hyphens inside words (&shy;)', TEXT, (t) => { let i = 0; return t.replace(/([\u4e00-\u9fff])(?=[\u4e00-\u9fff])/g, (c) => (i++ % 5 ? c : `${c}\u00ad`)); }),
  ...p('CRLF line endings', ALL, (t) => t.replace(/\r?\n/g, '\r\n')),
  // Line ends other than \n: read as none, a page of them was one line and no table was found.
  ...p('lone CR line endings (classic Mac, some exporters)', TEXT, (t) => t.replace(/\r?\n/g, '\r')),
  ...p('Unicode line separators (U+2028)', TEXT, (t) => t.replace(/\r?\n/g, '\u2028')),
  ...p('Unicode paragraph separators (U+2029)', TEXT, (t) => t.replace(/\r?\n/g, '\u2029')),
  ...p('form feeds at page breaks (pdftotext)', TEXT, (t) => t.split('\n').map((l, i) => (i > 0 && i % 23 === 0 ? `\f${l}` : l)).join('\n')),
  ...p('trailing spaces and tabs', ALL, (t) => t.replace(/^(.*\S)$/gm, '$1 \t ')),
  ...p('cells wrapped in span/font/strong', ['html'], (t) => mapCells(t, (s, i) => WRAPS[i % WRAPS.length]!(s))),
  // What a browser hides is not read: characters hidden between digits against copying, Word's hidden text, hidden cells.
  ...p('hidden characters after values (display:none)', ['html'], (t) => mapValues(t, (s, i, f) => `${s}${i}${f}<span style="display:none">${(Number(i) % 9) + 1}</span>`)),
  // The same decoys hidden by the page's style block (a copy guard's random class name), the block before or after the table.
  ...p('decoy digits hidden by a class rule (copy guard)', ['html'], (t) => withStyle(mapValues(t, (s, i, f) => `${s}${i}${f}<span class="x9f${Number(i) % 3}">${(Number(i) % 9) + 1}</span>`),
    '.x9f0,.x9f1{display:none} span.x9f2{visibility:hidden}', Number(t.length % 2) === 0)),
  // Decoys a browser draws invisibly: at opacity 0, or alone at font size 0.
  ...p('decoy digits at opacity 0 or font size 0', ['html'], (t) => mapValues(t, (s, i, f) => `${s}${i}${f}${Number(i) % 2
    ? `<span style="opacity:0">${(Number(i) % 9) + 1}</span>` : `<font style="font-size:0pt">${(Number(i) % 9) + 1}</font>`}`)),
  // A table some sites print as a read-only form: each value in a text field.
  ...p('values in read-only text fields', ['html'], (t) => mapCells(t, (s) => (/^\s*\d+\s*$/.test(s) ? `<input type="text" readonly value="${s.trim()}">` : s))),
  ...p("Word's hidden text in value cells (display:none;mso-hide:all)", ['html'], (t) => mapCells(t, (s) => (isBlankInner(s) ? s : `${s}<span style='display:none;mso-hide:all'>7<o:p></o:p></span>`))),
  ...p('corrections struck out in value cells (<del>, <s>)', ['html'], (t) => mapCells(t, (s, i) => {
    if (!/^\s*\d+\s*$/.test(s.replace(/<[^>]*>|&nbsp;/g, ''))) return s;
    const tag = i % 2 ? 'del' : 's';
    return s.replace(/\d+/, (v) => `<${tag}>${Number(v) + 1}</${tag}>${v}`);
  })),
  ...p('footnote marks after values (<sup>1</sup>)', ['html'], (t) => mapCells(t, (s, i) => {
    if (i % 5 || !/^\s*\d+\s*$/.test(s.replace(/<[^>]*>|&nbsp;/g, ''))) return s;
    return s.replace(/\d+/, (v) => `${v}<sup>${(i % 3) + 1}</sup>`);
  })),
  ...p('hidden cells between cells', ['html'], (t) => mapCells(t, (s, i) => (i % 3 ? s : `${s}</td><td style="display: none">8`))),
  ...p('blank cells as &nbsp;', ['html'], (t) => mapCells(t, (s) => (isBlankInner(s) ? '&nbsp;' : s))),
  ...p('blank cells empty', ['html'], (t) => mapCells(t, (s) => (isBlankInner(s) ? '' : s))),
  ...p('&nbsp; padding around every cell', ['html'], (t) => mapCells(t, (s) => `&nbsp;${s}&nbsp;`)),
  ...p('header rows in a table of their own', ['html'], splitHeaders),
  ...p('<th> cells', ['html'], (t) => t.replace(/<td(?=[\s>])/gi, '<th').replace(/<\/td>/gi, '</th>')),
  ...p('upper-case tags', ['html'], (t) => t.replace(/<(\/?)(table|tbody|tr|td|p|span)(?=[\s>])/gi, (_, s: string, n: string) => `<${s}${n.toUpperCase()}`)),
  ...p('pretty-printed markup', ['html'], (t) => t.replace(/>\s*</g, '>\n      <')),
  ...p('double-spaced lines', TEXT, (t) => t.replace(/\n/g, '\n\n')),
  // Two more empty lines wherever there is one: a gap between rows (or, on pages that count empty lines, every gap) grows alike.
  ...p('extra blank lines between rows', TEXT, (t) => t.replace(/\n\n+/g, '$&\n\n')),
  ...p('Kangxi radicals for ideographs (PDF text layer)', TEXT, radicals),
  ...p('full-width digits everywhere', ALL, allDigitsFullWidth),
  ...p('empty padding cell after every row', ['html'], (t) => t.replace(/<\/tr>/gi, '<td>&nbsp;</td></tr>')),
  ...p('empty row closing every table', ['html'], (t) => t.replace(/(<\/tbody>\s*)?<\/table>/gi, '<tr><td></td><td>&nbsp;</td></tr>$&')),
  ...p('tables merged into one', ['html'], mergeTables),
  ...p('blank cells as —', ['html'], (t) => mapCells(t, (s) => (isBlankInner(s) ? '—' : s))),
  ...p('title year in Chinese numerals', ALL, cnYears),
  ...p('long labels wrapped over two lines', TEXT, wrapLabels),
  // Old portals lay the whole page out in a table: the report's tables sit in one of its cells.
  ...p('page laid out in a table around the report', ['html'], (t) => t.replace(/<body([^>]*)>/i, '<body$1><table width="100%"><tr><td class="nav">首页 | 政务公开</td></tr><tr><td class="content">')
    .replace(/<\/body>/i, '</td></tr></table></body>')),
  // A label broken where its cell wrapped it in the editor: <br> inside the cell.
  ...p('long labels broken by <br>', ['html'], (t) => t.replace(/<td([^>]*)>([^<]{9,})<\/td>/g, (m, a: string, l: string) =>
    (/[\u4e00-\u9fff]/.test(l) ? `<td${a}>${l.slice(0, Math.ceil(l.length / 2))}<br/>${l.slice(Math.ceil(l.length / 2))}</td>` : m))),
  ...p('cell walls as full-width ｜ (typed in a Chinese IME)', TEXT, (t) => t.replace(/\|/g, '｜')),
  // A Word table's narrow first column, empty on every row: `|  | 规章 | 6 |` (a rule row `| --- | --- |`).
  // Pages of pipe rows only (`| a | b |` lines), not cells closed by a pipe one a line.
  ...p('an empty first column before pipe rows', TEXT, (t) => ((t.match(/^[ \t]*\|[^|\n]*[^\s|][^|\n]*\|.*\|[ \t]*$/gm)?.length ?? 0) < 5 ? t
    : t.replace(/^([ \t]*)\|(?=.*\|[ \t]*$)/gm, (m, pad: string, at: number) =>
      (/^[ \t]*\|[\s|:-]*$/.test(t.slice(at, t.indexOf('\n', at) < 0 ? t.length : t.indexOf('\n', at))) ? `${pad}| --- |` : `${pad}|  |`)))),
  ...p('table drawn in box characters (│, ├──┼──┤)', TEXT, boxDrawn),
  ...p('page numbers between rows (— 2 —, — 3 —, …)', TEXT, pageMarks(23, (n) => `— ${n} —`)),
  ...p('one page number between rows (- 2 -)', TEXT, pageMarks(41, (n) => `- ${n} -`, 1)),
  ...p('page numbers as 第 n 页 共 m 页', TEXT, pageMarks(29, (n) => `第 ${n} 页 共 12 页`)),
  ...p('running title and page number at page breaks', TEXT, pageMarks(27, (n, title) => [`— ${n} —`, title])),
  // Page numbers that do not count the pages (a page numbered twice, numbering begun again for an
  // appendix), each beside the running title as a page break prints them.
  ...p('page numbers not counting, beside the running title', TEXT, pageMarks(27, (n, title) => [`— ${n % 2 + 1} —`, title])),
  ...p('running title alone at page breaks', TEXT, pageMarks(27, (_n, title) => title)),
  ...p('browser print header and footer at page breaks', TEXT, pageMarks(31, (n, title) => [`http://www.example.gov.cn/art/2024/1/5/art_1234_56789.html ${n - 1}/9`, `2024/1/5 10:23 ${title}`])),
  // What an HTML-to-Markdown converter leaves in cells: bold as **…**, a line break as a literal <br>
  // (a table row is one line), Markdown's escapes (1\. for 1.), entities passed through.
  // (Chosen by the cell's text, not its place: a line the page repeats stays a repeat.)
  ...p('bold cells as **…** (a converter\'s <strong>)', TEXT, (t) => t.replace(TEXT_CELL, (c) => (codeSum(c) % 3 ? c : `**${c}**`))),
  ...p('long labels broken by a literal <br>', TEXT, (t) => t.replace(/(?<=^|\|\s*)([\u4e00-\u9fff]{4})([\u4e00-\u9fff（）]{3,})(?=\s*(?:\||$))/gm, '$1<br>$2')),
  ...p('Markdown escapes (1\\. for 1., \\- for -)', TEXT, (t) => t.replace(/(?<=^|\|\s*)(\d{1,2})\.(?=[\u4e00-\u9fff])/gm, '$1\\.').replace(/(?<=^|\|\s*)-(?=\d)/gm, '\\-')),
  ...p('entities left in the text (&nbsp;, &#160;)', TEXT, (t) => t.replace(TEXT_CELL, (c) => `${c}${codeSum(c) % 2 ? '&nbsp;' : '&#160;'}`)),
  { name: 'copied from a browser (tab-separated rows)', kinds: ['html'], apply: (t) => ({ out: copiedRows(t), kind: 'txt' }) },
  { name: 'flattened to one cell per line', kinds: ['html'], apply: (t) => ({ out: flattenLines(t, false), kind: 'txt' }) },
  { name: 'flattened to pipe rows', kinds: ['html'], apply: (t) => ({ out: flattenLines(t, true), kind: 'txt' }) },
  { name: 'flattened to paragraphs (blank cells as longer gaps)', kinds: ['html'], apply: (t) => ({ out: paragraphCells(t), kind: 'txt' }) },
  { name: 'flattened to cells closed by a pipe (blank cells and row ends as lone |)', kinds: ['html'], apply: (t) => ({ out: trailingPipeCells(t), kind: 'txt' }) },
  ...p('long table A names misprinted by one character', ALL, misprint),
  ...p('long table A names with one character left out', ALL, leftOut),
  ...p('table A names numbered, with their unit (1.规章（件）)', ALL, numberedA),
  ...ALL.map((kind): Perturbation => ({ name: 'UTF-8 BOM', kinds: [kind], apply: (t) => ({ out: new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(t, 'utf8')]), kind }) })),
  { name: 'GBK bytes declared gb2312', kinds: ['html'], apply: (t) => ({ out: new Uint8Array(iconv.encode(withMeta(t, 'gb2312'), 'gbk')), kind: 'html' }) },
  ...TEXT.map((kind): Perturbation => ({ name: 'GBK bytes undeclared', kinds: [kind], apply: (t) => ({ out: new Uint8Array(iconv.encode(t, 'gbk')), kind }) })),
];
/** A copy that loses text: several lossy versions of one page; cells may go missing, but none may be wrong. */
export interface Loss { readonly name: string; readonly apply: (text: string, kind: SourceKind) => readonly string[] }

/** Every line already seen dropped, empty ones too (a de-duplicating scraper or search index). */
const dedupLines = (t: string): string => {
  const seen = new Set<string>();
  return t.split('\n').filter((l) => { const k = l.trim(); if (seen.has(k)) return false; seen.add(k); return true; }).join('\n');
};

export const LOSSY: readonly Loss[] = [
  { name: 'repeated lines removed', apply: (t, kind) => [dedupLines(kind === 'html' ? flattenLines(t, false) : t)] },
  // Cut anywhere, mid-line and mid-number included: search indexes keep the first ~2k characters.
  { name: 'cut short', apply: (t, kind) => {
    const text = kind === 'html' ? flattenLines(t, false) : t;
    return [0.35, 0.5, 0.65, 0.8, 0.9].map((f) => text.slice(0, Math.floor(text.length * f)));
  } },
  // Cut inside the last rows that print values (table C's, mostly), after the first cell, midway and before the last:
  // the cuts above fall in narrative after the tables on most pages.
  { name: 'cut inside the last value rows', apply: (t, kind) => {
    const text = kind === 'html' ? flattenLines(t, false) : t;
    const lines = text.split('\n');
    const ends = lines.reduce<number[]>((acc, l, i) => { acc.push((acc[i - 1] ?? -1) + l.length + 1); return acc; }, []);
    const valued = lines.flatMap((l, i) => ((l.match(/(?<![\d.])\d+(?![\d.])/g) ?? []).length >= 3 || /^\s*\d+\s*$/.test(l) ? [i] : []));
    const last = valued.at(-1);
    if (last === undefined) return [];
    // The last line with values and the few before it (one cell a line: each is one value).
    const from = ends[Math.max(0, valued[Math.max(0, valued.length - 6)]! - 1)] ?? 0;
    const to = ends[last]! - 1;
    return [0.15, 0.5, 0.85].map((f) => text.slice(0, Math.floor(from + (to - from) * f)));
  } },
  // Blank cells lost: a scraper that drops empty lines (one cell a line), or a converter that
  // skips empty cells (pipe rows) — and the same rows with their pipes stripped, cells apart by
  // spaces. Where a blank went is no longer shown: a row short of cells, at the text's end too
  // (a page that lost blanks is no cut page), must be left out, not read from its first cell.
  { name: 'empty lines removed (blank cells lost)', apply: (t, kind) => [(kind === 'html' ? flattenLines(t, false) : t).replace(/\n[ \t\u3000]*(?=\n)/g, '')] },
  { name: 'blank cells removed from pipe rows', apply: (t, kind) => [(kind === 'html' ? flattenLines(t, true) : t).replace(/\|[ \t]*(?=\|)/g, '')] },
  { name: 'pipes stripped, blank cells removed', apply: (t, kind) => [(kind === 'html' ? flattenLines(t, true) : t).replace(/\|[ \t]*(?=\|)/g, '').replace(/\|/g, ' ')] },
  // A footnote's mark or a word after some values (12①, 12*, 12¹, 12注1, 12次, 12%): such a cell is
  // printed but states no value the template reads. Skipped, it shifted its row's values one column.
  // (A value alone on the line after a name is left as it is: where a page prints a row's value apart
  // from its row, the identities may place it — marked, it is no value to place, and the cell it
  // belongs in shows blank. A page's number between dashes is no value: no print marks it.)
  { name: 'marks after some values', apply: (t, kind) => {
    const lines = (kind === 'html' ? flattenLines(t, false) : t).split('\n');
    const afterName = (i: number) => { let j = i - 1; while (j >= 0 && !lines[j]!.trim()) j--; return j >= 0 && /[\u4e00-\u9fff]/.test(lines[j]!); };
    return ['①', '*', '¹', '注1', '次', '%'].map((mark, k) => {
      let n = 0;
      return lines.map((l, li) => ((/^\s*[\d.]+\s*\|?\s*$/.test(l) && afterName(li)) || PAGE_NUMBER.test(l) ? l
        : l.replace(VALUE, (m, sign: string, int: string, frac: string | undefined) => (n++ % 7 === k ? `${sign}${int}${frac ?? ''}${mark}` : m)))).join('\n');
    });
  } },
];
