/**
 * Hostile input for the extractor, regenerated from a seed (never committed):
 * every kind of file that has broken or slowed a reader of scraped documents —
 * deep and unclosed nesting, absurd spans, bad bytes, wide encodings without a
 * BOM, entities beyond Unicode, zip bombs in DOCX, truncated PDFs and DOCX,
 * binary garbage, megabytes of prose or markup, pathological rows. Each case
 * says what a correct reader does with it: give the embedded report's cells
 * exactly, state no wrong value, fail with a reason, or merely answer.
 *
 * Used by tests/hostile/suite.test.ts (a few hundred files) and bench/hostile.ts (10,000).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { generateReport, renderReport } from '../../src/synth/index.js';
import { buildWorld, cellsOn } from '../../src/farm/world.js';
import { reportDocx, reportPdf } from '../../src/farm/documents.js';
import { rng, type Rng } from '../../src/synth/random.js';

/** What a correct reader does with a case. */
export type Expectation =
  /** ok, and exactly the embedded report's cells (extra cells allowed only if null). */
  | 'cells'
  /** any answer; every value it states equals the embedded report's. */
  | 'no-wrong'
  /** ok: false, with a reason. */
  | 'error'
  /** any answer at all (ok or not), in time. */
  | 'any';

export interface HostileCase {
  readonly file: string;
  readonly kind: string;
  readonly expect: Expectation;
  /** The embedded report's cells, for 'cells' and 'no-wrong'. */
  readonly cells?: Readonly<Record<string, number | null>>;
  /** For 'error': what the message must say. */
  readonly error?: RegExp;
}

interface Made { readonly ext: string; readonly bytes: Uint8Array | string; readonly expect: Expectation; readonly cells?: Record<string, number | null>; readonly error?: RegExp }
type Maker = (r: Rng, n: number) => Made | Promise<Made>;

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

function report(n: number) {
  const rep = generateReport(1000 + n);
  const html = renderReport(rep, 'html-table');
  const body = /<body>([\s\S]*)<\/body>/.exec(html)![1]!;
  return { rep, html, body, head: `<head><meta charset="utf-8"><title>${rep.title}</title></head>`, cells: rep.cells };
}
const page = (head: string, body: string) => `<!DOCTYPE html><html>${head}<body>${body}</body></html>`;

// Byte sequences GB18030 cannot decode; the four-byte ones beyond U+10FFFF once became lone surrogates.
const BAD_GB = [[0xfe, 0x39, 0xfe, 0x39], [0xe3, 0x32, 0x9a, 0x36], [0xff], [0x81, 0x30], [0x80], [0x84, 0x31, 0xa5]];
const HUGE_SPANS = ['1000000000', '2147483648', '99999999999999999999', '-5', 'abc', '1e9', '0x7fffffff'];

function noise(r: Rng, size: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = r.int(0, 255);
  return b;
}

/** `bytes` with `insert` placed just before each of `count` chosen occurrences of `marker`. */
function insertBefore(bytes: Buffer, marker: string, insert: Uint8Array, count: number, r: Rng): Buffer {
  const at: number[] = [];
  for (let i = bytes.indexOf(marker); i >= 0; i = bytes.indexOf(marker, i + 1)) at.push(i);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, at.length)) chosen.add(at[r.int(0, at.length - 1)]!);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const i of [...chosen].sort((a, b) => a - b)) { parts.push(bytes.subarray(from, i), insert); from = i; }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

// ---- zip building, for DOCX bombs: precompressed entries the normal zip writers cannot take ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (b: Uint8Array): number => { let c = 0xffffffff; for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };

interface ZipEntry { name: string; data: Uint8Array; method: 0 | 8; size: number; crc: number }

function zipOf(entries: readonly ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [], centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc, 14); local.writeUInt32LE(e.data.length, 18); local.writeUInt32LE(e.size, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc, 16); central.writeUInt32LE(e.data.length, 20); central.writeUInt32LE(e.size, 24); central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(e.data));
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

const stored = (name: string, text: string): ZipEntry => { const data = utf8(text); return { name, data, method: 0, size: data.length, crc: crc32(data) }; };

/**
 * A deflate stream of `size` zero bytes, built from one fully-flushed 1 MB segment
 * repeated (each segment is self-contained) and an empty final block: a 1.2 GB
 * entry costs about a megabyte and a millisecond to make.
 */
function zeroBomb(size: number): { data: Uint8Array; size: number } {
  const mb = 1 << 20;
  const segment = zlib.deflateRawSync(Buffer.alloc(mb), { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const n = Math.ceil(size / mb);
  return { data: new Uint8Array(Buffer.concat([...Array(n).fill(segment), Buffer.from([0x03, 0x00])])), size: n * mb };
}

const DOCUMENT_XML = (text: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`;
const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';

function docxBomb(entry: 'docProps/app.xml' | 'word/document.xml', size: number): Uint8Array {
  const bomb = zeroBomb(size);
  const entries: ZipEntry[] = [stored('[Content_Types].xml', CONTENT_TYPES)];
  if (entry !== 'word/document.xml') entries.push(stored('word/document.xml', DOCUMENT_XML('某县2023年政府信息公开工作年度报告')));
  entries.push({ name: entry, data: bomb.data, method: 8, size: bomb.size, crc: 0 });
  return zipOf(entries);
}

// ---- the kinds ----

/** Small, fast kinds: most of every run. */
const KINDS: Readonly<Record<string, Maker>> = {
  'nested-tables': (r, n) => {
    const { head, body, cells } = report(n);
    const depth = r.pick([200, 1_000, 10_000]);
    const open = '<table><tr><td>导航'.repeat(depth), close = '</td></tr></table>'.repeat(depth);
    return { ext: '.html', bytes: page(head, r.chance(0.5) ? `${open}${close}${body}` : `${open}${body}${close}`), expect: 'cells', cells };
  },
  'unclosed-tables': (r, n) => {
    const { head, body, cells } = report(n);
    return { ext: '.html', bytes: page(head, `${'<table><tr><td>'.repeat(r.int(100, 5_000))}${body}`), expect: 'cells', cells };
  },
  'deep-divs': (r, n) => {
    const { head, body, cells } = report(n);
    const depth = r.int(10_000, 100_000);
    return { ext: '.html', bytes: page(head, `${'<div><span>'.repeat(depth)}${body}${r.chance(0.5) ? '</span></div>'.repeat(depth) : ''}`), expect: 'cells', cells };
  },
  'huge-spans': (r, n) => {
    const { html, cells } = report(n);
    const span = () => `<tr><td colspan="${r.pick(HUGE_SPANS)}" rowspan="${r.pick(HUGE_SPANS)}">注</td></tr>`;
    return { ext: '.html', bytes: html.replace(/<table border="1">/g, (t) => `${t}${span()}`), expect: 'cells', cells };
  },
  'many-spans': (r, n) => {
    const { head, body, cells } = report(n);
    const rows = Array.from({ length: r.int(200, 2_000) }, () => `<tr>${'<td rowspan="1000" colspan="1000">x</td>'.repeat(20)}</tr>`).join('');
    return { ext: '.html', bytes: page(head, `<table>${rows}</table>${body}`), expect: 'cells', cells };
  },
  'many-tables': (r, n) => {
    const { head, body, cells } = report(n);
    return { ext: '.html', bytes: page(head, `${'<table><tr><td>链接</td></tr></table>'.repeat(r.int(1_000, 20_000))}${body}`), expect: 'cells', cells };
  },
  'gbk-bad-bytes': (r, n) => {
    const { html, cells } = report(n);
    const gbk = iconv.encode(html.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'), 'gbk');
    // In prose only: a bad byte inside a number would be a different number.
    return { ext: '.html', bytes: insertBefore(gbk, '</p>', new Uint8Array(r.pick(BAD_GB)), r.int(1, 8), r), expect: 'cells', cells };
  },
  'utf8-bad-bytes': (r, n) => {
    const { html, cells } = report(n);
    const bytes = Buffer.from(html.replace('<meta charset="utf-8">', ''), 'utf8');
    return { ext: '.html', bytes: insertBefore(bytes, '</p>', new Uint8Array([r.pick([0xc3, 0xe4, 0xff, 0x80])]), r.int(1, 4), r), expect: 'cells', cells };
  },
  'gbk-declared-utf8': (_r, n) => {
    const { html, cells } = report(n);
    return { ext: '.html', bytes: html.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'), expect: 'cells', cells };
  },
  'wide-no-bom': (r, n) => {
    const { rep, html, cells } = report(n);
    const text = r.chance(0.5);
    const enc = r.pick(['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'] as const);
    return { ext: text ? '.txt' : '.html', bytes: new Uint8Array(iconv.encode(text ? renderReport(rep, 'text-lines') : html, enc, { addBOM: false })), expect: 'cells', cells };
  },
  'entities': (r, n) => {
    const { html, cells } = report(n);
    const junk = ['&#x110000;', '&#99999999999;', '&#0;', '&#xD800;', '&#xDFFF;', '&bogus;', '&amp', '&#', '&#x;', '&;', '&' + 'a'.repeat(5_000)];
    return { ext: '.html', bytes: html.replace(/<\/p>/g, () => `${r.pick(junk)}</p>`), expect: 'cells', cells };
  },
  'controls': (r, n) => {
    const { html, cells } = report(n);
    return { ext: '.html', bytes: html.replace(/<\/p>/g, () => `${String.fromCharCode(r.pick([0, 1, 2, 7, 8, 0x1b, 0x7f]))}</p>`), expect: 'cells', cells };
  },
  'markup-tricks': (r, n) => {
    const { head, body, cells } = report(n);
    const tricks = [
      '<script>document.write("<table><tr><td>本年新收政府信息公开申请数量</td><td>999</td></tr></table>")</script>',
      '<!-- <table><tr><td>99</td></tr></table> -->', '<style>td:after { content: "</td></table>" }</style>',
      '<textarea><table><tr><td>88</td></tr></table></textarea>', '<p title="a > b" class=\'x>y\' data-x=">">注</p>',
      '<![CDATA[ <table><td>77</td></table> ]]>', '<noscript><table><tr><td>66</td></tr></table></noscript>', '<?php echo "<td>1</td>"; ?>',
      '<template><table><tr><td>55</td></tr></table></template>', '</br></p></div></span>', '<a href="x"<p>',
    ];
    const prefix = Array.from({ length: r.int(3, 12) }, () => r.pick(tricks)).join('\n');
    return { ext: '.html', bytes: page(head, `${prefix}${body}${r.chance(0.3) ? '<plaintext><table><tr><td>44</td></tr></table>' : ''}`), expect: 'cells', cells };
  },
  'truncated-html': (r, n) => {
    const { html, cells } = report(n);
    return { ext: '.html', bytes: html.slice(0, r.int(html.length >> 3, html.length - 1)), expect: 'no-wrong', cells };
  },
  'long-row': (r, n) => {
    const { rep } = report(n);
    const values = Array.from({ length: r.int(1_000, 20_000) }, () => r.int(0, 9)).join(' ');
    return { ext: '.txt', bytes: `${rep.title}\n本年制发件数\n行政许可 ${values}\n`, expect: 'any' };
  },
  'long-line': (r) => ({ ext: r.pick(['.txt', '.html']), bytes: `${'政务公开'.repeat(r.int(100_000, 400_000))}\n`, expect: 'any' }),
  'binary-garbage': (r) => ({ ext: r.pick(['.html', '.txt', '.md', '.pdf', '.docx', '.doc']), bytes: noise(r, r.int(1, 200_000)), expect: 'any' }),
  'tiny': (r) => ({ ext: r.pick(['.html', '.txt', '.pdf', '.docx', '.doc']), bytes: r.pick([new Uint8Array(0), utf8('<'), utf8('\ufeff'), utf8(' \n\t '), new Uint8Array([0xff, 0xfe]), utf8('%PDF-')]), expect: 'any' }),
  'fake-magic': (r) => {
    const magic = r.pick([utf8('%PDF-1.7\n'), new Uint8Array([0x50, 0x4b, 0x03, 0x04]), new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])]);
    return { ext: r.pick(['.html', '.pdf', '.docx', '.doc']), bytes: Buffer.concat([magic, noise(r, r.int(0, 50_000))]), expect: 'error' };
  },
  'docx-small-bomb': (r) => ({ ext: '.docx', bytes: docxBomb('docProps/app.xml', r.int(2, 64) << 20), expect: 'error', error: /DOCX is too large/ }),
};

/** Farm documents (PDF, DOCX) of real reports, cut at a random point. */
const DOCUMENT_KINDS: Readonly<Record<string, Maker>> = {
  'truncated-pdf': async (r, n) => { const b = await farmDocument(n, 'pdf'); return { ext: '.pdf', bytes: b.subarray(0, r.int(1, b.length - 1)), expect: 'any' }; },
  'truncated-docx': async (r, n) => { const b = await farmDocument(n, 'docx'); return { ext: '.docx', bytes: b.subarray(0, r.int(1, b.length - 1)), expect: 'any' }; },
  'pdf': async (_r, n) => ({ ext: '.pdf', bytes: await farmDocument(n, 'pdf'), expect: 'any' }),
  'docx': async (_r, n) => ({ ext: '.docx', bytes: await farmDocument(n, 'docx'), expect: 'any' }),
};

/** A few big files per run, whatever its size: they test the bounds, not the count. */
const BIG_KINDS: Readonly<Record<string, Maker>> = {
  'docx-bomb-app-xml': () => ({ ext: '.docx', bytes: docxBomb('docProps/app.xml', 1_200_000_000), expect: 'error', error: /DOCX is too large/ }),
  'docx-bomb-document': () => ({ ext: '.docx', bytes: docxBomb('word/document.xml', 300_000_000), expect: 'error', error: /DOCX is too large/ }),
  'huge-prose-html': (r) => ({ ext: '.html', bytes: `<html><body>${'<p>全年共新收政府信息公开申请，均在法定期限内答复。</p>'.repeat(r.int(640_000, 680_000))}</body></html>`, expect: 'error', error: /characters of text, over the limit/ }),
  'huge-prose-txt': (r) => ({ ext: '.txt', bytes: '全年共新收政府信息公开申请，均在法定期限内答复。\n'.repeat(r.int(660_000, 700_000)), expect: 'error', error: /over the limit/ }),
  'huge-markup': (r, n) => {
    const { head, body, cells } = report(n);
    return { ext: '.html', bytes: page(head, `<img src="data:image/png;base64,${'QUFB'.repeat(r.int(7_000_000, 8_000_000))}">${body}`), expect: 'cells', cells };
  },
};

const farmCache = new Map<string, Buffer>();
async function farmDocument(n: number, format: 'pdf' | 'docx'): Promise<Buffer> {
  // A handful of distinct documents is enough to cut at many points.
  const key = `${format}${n % 6}`;
  const hit = farmCache.get(key);
  if (hit) return hit;
  const world = buildWorld(17, 2, 'clean');
  const reps = world.flatMap((site) => site.reports.map((rep) => ({ site, rep })));
  const { site, rep } = reps[n % 6 % reps.length]!;
  const cells = cellsOn(rep, 0)?.cells ?? rep.versions[0]!.cells;
  const bytes = format === 'pdf' ? reportPdf(site, rep, cells) : await reportDocx(site, rep, cells);
  farmCache.set(key, bytes);
  return bytes;
}

export interface HostileOptions {
  readonly seed: number;
  /** Small and document files (the big ones come on top). */
  readonly count: number;
  /** How many of each big kind (default 1). */
  readonly bigEach?: number;
}

/** Writes the cases into `dir` (created) and returns them in order. */
export async function writeHostileFiles(dir: string, opts: HostileOptions): Promise<HostileCase[]> {
  fs.mkdirSync(dir, { recursive: true });
  const cases: HostileCase[] = [];
  const small = Object.entries(KINDS), docs = Object.entries(DOCUMENT_KINDS);
  const write = async (kind: string, make: Maker, i: number) => {
    const made = await make(rng(opts.seed, kind, i), i);
    const file = path.join(dir, `h${String(cases.length).padStart(5, '0')}-${kind}${made.ext}`);
    fs.writeFileSync(file, typeof made.bytes === 'string' ? made.bytes : made.bytes);
    cases.push({ file, kind, expect: made.expect, ...(made.cells ? { cells: made.cells } : {}), ...(made.error ? { error: made.error } : {}) });
  };
  for (let i = 0; i < opts.count; i++) {
    // One document case in eight: PDF reading is slow, and its hostile cases are few.
    const [kind, make] = i % 8 === 7 ? docs[(i >> 3) % docs.length]! : small[i % small.length]!;
    await write(kind, make, i);
  }
  for (const [kind, make] of Object.entries(BIG_KINDS)) for (let k = 0; k < (opts.bigEach ?? 1); k++) await write(kind, make, k);
  return cases;
}

/** Problems with one answer (a JSON line of `nianbao extract --jsonl`) given its case; empty when the answer is right. */
export function judgeAnswer(c: HostileCase, line: { ok: boolean; error?: string; limit?: string; cells?: Record<string, number | null> }): string[] {
  const bad: string[] = [];
  if (line.limit === 'time-limit' || line.limit === 'crashed') bad.push(`${line.limit}: ${line.error}`);
  if (c.expect === 'error' && line.ok) bad.push('read as ok');
  if (c.expect === 'error' && !line.ok && c.error && !c.error.test(line.error ?? '')) bad.push(`error "${line.error}" does not match ${c.error}`);
  if (c.expect === 'cells') {
    if (!line.ok) bad.push(`failed: ${line.error}`);
    else {
      const wrong = Object.keys(c.cells!).filter((k) => line.cells?.[k] !== c.cells![k]);
      if (wrong.length) bad.push(`${wrong.length} cells wrong or missing: ${wrong.slice(0, 3).map((k) => `${k}=${line.cells?.[k]} not ${c.cells![k]}`).join(', ')}`);
    }
  }
  if ((c.expect === 'cells' || c.expect === 'no-wrong') && line.ok) {
    const stated = Object.entries(line.cells ?? {}).filter(([k, v]) => v !== null && k in c.cells! && c.cells![k] !== v);
    const foreign = Object.entries(line.cells ?? {}).filter(([k, v]) => v !== null && !(k in c.cells!));
    if (stated.length) bad.push(`wrong values stated: ${stated.slice(0, 3).map(([k, v]) => `${k}=${v} not ${c.cells![k]}`).join(', ')}`);
    if (foreign.length) bad.push(`values for keys the report does not have: ${foreign.slice(0, 3).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  }
  return bad;
}
