/**
 * The file name a download endpoint gives in Content-Disposition: `filename*=UTF-8''…`
 * (RFC 6266/5987) first, then `filename="…"`, which Chinese servers often send as raw
 * UTF-8 or GBK bytes (read here as the latin1 string Node makes of them) or percent-escaped.
 */
import iconv from 'iconv-lite';

export function dispositionName(header: string | undefined): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try { return decodeURIComponent(star[2]!.trim().replace(/^"|"$/g, '')); } catch { /* fall through to filename= */ }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  const raw = (plain?.[2] ?? plain?.[1] ?? '').trim();
  if (!raw) return null;
  if (/%[0-9a-f]{2}/i.test(raw)) {
    try { return decodeURIComponent(raw); } catch { /* not escaped after all */ }
  }
  // Bytes above 0x7f arrived as latin1 characters: UTF-8 if they decode cleanly, else GBK.
  if (/[\u0080-\u00ff]/.test(raw)) {
    const bytes = Buffer.from(raw, 'latin1');
    const utf8 = bytes.toString('utf8');
    return utf8.includes('\uFFFD') ? iconv.decode(bytes, 'gbk') : utf8;
  }
  return raw;
}
