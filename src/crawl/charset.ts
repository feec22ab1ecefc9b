/**
 * Decoding fetched bytes to text: BOM, then the Content-Type header, then a
 * `<meta>` declaration, then detection. Many county pages are GBK declared only
 * in `<meta>`; GB2312 is read as GB18030 (its superset) so rare characters survive.
 */
import iconv from 'iconv-lite';
import { createRequire } from 'node:module';

// jschardet's tables are large and most pages declare or are UTF-8: load it on first need.
let detector: typeof import('jschardet') | null = null;
const jschardet = () => (detector ??= createRequire(import.meta.url)('jschardet') as typeof import('jschardet'));

export interface Decoded {
  readonly text: string;
  /** The charset used, normalised (utf-8, gb18030, big5, …). */
  readonly charset: string;
  /** Where the charset came from. */
  readonly source: 'bom' | 'header' | 'meta' | 'sniff' | 'default';
}

/** Normalises a charset label; null for labels iconv-lite cannot decode. */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (/^(gb2312|gbk|gb_2312-80|x-gbk|cp936|gb18030|euc-cn)$/.test(l)) return 'gb18030';
  if (l === 'utf8') return 'utf-8';
  return iconv.encodingExists(l) ? l : null;
}

export function charsetFromContentType(ct: string | null | undefined): string | null {
  const m = ct ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(ct) : null;
  return m ? normalizeCharset(m[1]) : null;
}

/** `<meta charset=…>` or `<meta http-equiv content="…; charset=…">` in the first 4 KB. */
export function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  return m ? normalizeCharset(m[1]) : null;
}

function bomCharset(bytes: Uint8Array): { charset: string; skip: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return null;
}

const isValidUtf8 = (bytes: Uint8Array): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

function sniff(bytes: Uint8Array): string | null {
  if (isValidUtf8(bytes)) return 'utf-8';
  const sample = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64 * 1024));
  const guess = jschardet().detect(sample);
  return normalizeCharset(guess.encoding) ?? 'gb18030';
}

/**
 * Decodes bytes. The header is trusted only when the bytes agree with it:
 * servers often send `iso-8859-1` or `utf-8` for GBK pages, while the page's
 * own `<meta>` is usually right.
 */
export function decodeBody(bytes: Uint8Array, contentType?: string | null): Decoded {
  const bom = bomCharset(bytes);
  if (bom) return { text: iconv.decode(Buffer.from(bytes.subarray(bom.skip)), bom.charset), charset: bom.charset, source: 'bom' };
  const header = charsetFromContentType(contentType);
  const meta = charsetFromMeta(bytes);
  const utf8 = isValidUtf8(bytes);
  let charset: string;
  let source: Decoded['source'];
  if (header && !(header === 'utf-8' && !utf8) && !(header === 'iso-8859-1' || header === 'windows-1252' || header === 'us-ascii')) {
    charset = header; source = 'header';
  } else if (meta && !(meta === 'utf-8' && !utf8)) {
    charset = meta; source = 'meta';
  } else if (bytes.byteLength > 0) {
    charset = sniff(bytes) ?? 'utf-8'; source = 'sniff';
  } else {
    charset = 'utf-8'; source = 'default';
  }
  if (charset === 'utf-8') return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), charset, source };
  return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset), charset, source };
}
