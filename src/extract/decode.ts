/** Bytes → text: BOM, declared charset (meta / content-type), else UTF-8 or GB18030 by validity. */
import iconv from 'iconv-lite';

function declaredCharset(bytes: Uint8Array, contentType?: string): string | null {
  const fromHeader = /charset=["']?([\w-]+)/i.exec(contentType ?? '');
  if (fromHeader) return fromHeader[1]!.toLowerCase();
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  return meta ? meta[1]!.toLowerCase() : null;
}

export function decodeBytes(bytes: Uint8Array, contentType?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return Buffer.from(bytes.subarray(3)).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(Buffer.from(bytes.subarray(2)), 'utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(Buffer.from(bytes.subarray(2)), 'utf16be');
  const declared = declaredCharset(bytes, contentType);
  const buf = Buffer.from(bytes);
  if (declared && declared !== 'utf-8' && declared !== 'utf8' && iconv.encodingExists(declared)) {
    // GB2312/GBK pages often hold GB18030-only characters: decode with the superset.
    const enc = /^(gb2312|gbk|gb_2312-80|x-gbk)$/.test(declared) ? 'gb18030' : declared;
    return iconv.decode(buf, enc);
  }
  if (declared) return buf.toString('utf8');
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // U+FFFD means the bytes were not UTF-8: the usual alternative on Chinese sites is GB18030.
  return utf8.includes('\uFFFD') ? iconv.decode(buf, 'gb18030') : utf8;
}
