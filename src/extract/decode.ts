/**
 * Bytes → well-formed text: BOM, UTF-16/32 by their NUL pattern, the declared
 * charset (Content-Type, then `<meta>`), else UTF-8 or GB18030 by which reads the
 * bytes with fewer errors. Whatever could not be decoded becomes U+FFFD, counted
 * in a warning: four bad bytes cost four characters, never the page.
 */
import iconv from 'iconv-lite';

export interface DecodedText {
  readonly text: string;
  /** The charset the text was read as (utf-8, gb18030, utf-16le, …). */
  readonly charset: string;
  readonly warnings: readonly string[];
}

/** Thrown for bytes that are not text in any charset we read (images, archives, random data). */
export class NotTextError extends Error {}

const BOMS: readonly { readonly bytes: readonly number[]; readonly charset: string }[] = [
  // UTF-32LE first: its BOM starts like UTF-16LE's.
  { bytes: [0xff, 0xfe, 0x00, 0x00], charset: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], charset: 'utf-32be' },
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
  { bytes: [0xff, 0xfe], charset: 'utf-16le' },
  { bytes: [0xfe, 0xff], charset: 'utf-16be' },
];

// Chinese pages that declare these are GBK, and GB18030 is the superset that keeps rare characters.
const GB_FAMILY = /^(gb2312|gbk|gb_2312-80|x-gbk|cp936|euc-cn|gb18030)$/;
// Servers send these by default for pages they know nothing about: the page's own <meta> is better.
const UNTRUSTED_HEADER = /^(iso-8859-1|latin1|windows-1252|us-ascii|ascii)$/;

function normalize(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label.trim().toLowerCase();
  if (GB_FAMILY.test(l)) return 'gb18030';
  if (l === 'utf8' || l === 'utf-8') return 'utf-8';
  return iconv.encodingExists(l) ? l : null;
}

function declaredCharset(bytes: Uint8Array, contentType?: string): string | null {
  const header = normalize(/charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1]);
  if (header && !UNTRUSTED_HEADER.test(header)) return header;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  return normalize(meta?.[1]) ?? header;
}

/**
 * UTF-16/32 without a BOM, from where the NUL bytes fall: a report always holds
 * ASCII (digits, markup, line breaks), whose high bytes are 0 in these encodings.
 */
export function sniffWide(bytes: Uint8Array): string | null {
  const n = Math.min(bytes.byteLength, 65536) & ~3;
  if (n < 8) return null;
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zeros[i & 3]!++;
  const quarter = n / 4;
  const [z0, z1, z2, z3] = zeros as [number, number, number, number];
  // UTF-32: the top byte is always 0, the next one for every BMP character.
  if (z3 === quarter && z2 > 0.9 * quarter && z0 < 0.9 * quarter) return 'utf-32le';
  if (z0 === quarter && z1 > 0.9 * quarter && z3 < 0.9 * quarter) return 'utf-32be';
  // UTF-16: NUL never occurs in 8-bit text, so a modest share of NULs, nearly all on one
  // side of the byte pairs, is UTF-16 even when most characters are Chinese.
  const even = z0 + z2, odd = z1 + z3;
  if (odd > 0.01 * n && odd > 8 * even) return 'utf-16le';
  if (even > 0.01 * n && even > 8 * odd) return 'utf-16be';
  return null;
}

const count = (s: string, ch: string): number => {
  let k = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) k++;
  return k;
};

function nonAscii(s: string): number {
  let k = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) k++;
  return k;
}

/**
 * Undeclared and not valid UTF-8: UTF-8 with a few bad bytes, or GB18030 (the
 * usual alternative on Chinese sites). Whichever decoding has fewer errors per
 * non-ASCII character wins; GB18030 reads almost any byte pair, so UTF-8 wins
 * while its errors stay a small share.
 */
function guessUtf8OrGb(bytes: Uint8Array): { text: string; charset: string } {
  const utf8 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const bad = count(utf8, '\uFFFD');
  if (bad <= Math.max(4, 0.01 * nonAscii(utf8))) return { text: utf8, charset: 'utf-8' };
  return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'), charset: 'gb18030' };
}

/** At least a few three-byte UTF-8 sequences (CJK ideographs): enough to tell UTF-8 from GBK. */
function hasUtf8Ideographs(bytes: Uint8Array): boolean {
  let n = 0;
  const end = Math.min(bytes.length - 2, 1 << 20);
  for (let i = 0; i < end && n < 8; i++) {
    if ((bytes[i]! & 0xf0) === 0xe0 && (bytes[i + 1]! & 0xc0) === 0x80 && (bytes[i + 2]! & 0xc0) === 0x80) { n++; i += 2; }
  }
  return n >= 8;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text with every lone surrogate (invalid GB18030 four-byte sequences decode to them) as U+FFFD. */
export function wellFormed(text: string): { text: string; replaced: number } {
  if (text.isWellFormed()) return { text, replaced: 0 };
  let replaced = 0;
  return { text: text.replace(LONE_SURROGATE, () => { replaced++; return '\uFFFD'; }), replaced };
}

// Control characters other than tab, line breaks and form feed: what binary data decodes to.
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f]/g;

function decodeAs(bytes: Uint8Array, charset: string): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return charset === 'utf-8' ? buf.toString('utf8') : iconv.decode(buf, charset);
}

interface Picked { readonly text: string; readonly charset: string; readonly how: 'BOM' | 'detected' | 'declared' | 'redeclared' | 'valid' | 'guessed' | 'misdeclared' }

function pick(bytes: Uint8Array, contentType?: string): Picked {
  for (const bom of BOMS) {
    if (bom.bytes.every((b, i) => bytes[i] === b)) return { text: decodeAs(bytes.subarray(bom.bytes.length), bom.charset), charset: bom.charset, how: 'BOM' };
  }
  const wide = sniffWide(bytes);
  if (wide) return { text: decodeAs(bytes, wide), charset: wide, how: 'detected' };
  const declared = declaredCharset(bytes, contentType);
  // A page converted to UTF-8 that kept its old gb2312 declaration: GBK text is practically never valid UTF-8.
  if (declared === 'gb18030' && hasUtf8Ideographs(bytes) && isValidUtf8(bytes)) return { text: decodeAs(bytes, 'utf-8'), charset: 'utf-8', how: 'redeclared' };
  if (declared && declared !== 'utf-8') return { text: decodeAs(bytes, declared), charset: declared, how: 'declared' };
  if (isValidUtf8(bytes)) return { text: decodeAs(bytes, 'utf-8'), charset: 'utf-8', how: 'valid' };
  // Undeclared GBK is common and needs no word; a page that claims UTF-8 and is not does.
  return { ...guessUtf8OrGb(bytes), how: declared ? 'misdeclared' : 'guessed' };
}

/** Decodes a text or HTML document. Throws NotTextError for binary data. */
export function decodeDocument(bytes: Uint8Array, contentType?: string): DecodedText {
  const picked = pick(bytes, contentType);
  const { text, replaced } = wellFormed(picked.text);
  const warnings: string[] = [];
  const name = picked.charset.toUpperCase();
  if (picked.how === 'detected') warnings.push(`text is ${name} without a byte-order mark (detected from its NUL bytes)`);
  if (picked.how === 'misdeclared' && picked.charset !== 'utf-8') warnings.push(`declared UTF-8 but is not: read as ${name}`);
  if (picked.how === 'redeclared') warnings.push('declared GBK/GB2312 but the bytes are UTF-8: read as UTF-8');
  // Valid UTF-8 printing U+FFFD itself is not a decoding error.
  const bad = (picked.how === 'valid' || picked.how === 'redeclared' ? 0 : count(text, '\uFFFD') - replaced) + replaced;
  const controls = (text.match(CONTROL) ?? []).length;
  if (text.length >= 64 && (bad + controls) > 0.05 * text.length) {
    throw new NotTextError(`binary data, not text (${Math.round((100 * (bad + controls)) / text.length)}% of it undecodable as ${name})`);
  }
  if (bad) warnings.push(`${bad} byte sequence${bad === 1 ? '' : 's'} could not be decoded as ${name} (shown as U+FFFD)`);
  return { text: controls ? text.replace(CONTROL, ' ') : text, charset: picked.charset, warnings };
}

/** Bytes → text, warnings dropped (callers that only need the text). */
export function decodeBytes(bytes: Uint8Array, contentType?: string): string {
  try {
    return decodeDocument(bytes, contentType).text;
  } catch {
    return wellFormed(decodeAs(bytes, 'utf-8')).text;
  }
}
