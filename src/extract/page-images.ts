/**
 * The images a report page shows where its tables should be: many county pages paste
 * the statistical tables as screenshots or scans (`捕获2.PNG`) under the report's
 * headings. One notion for the crawler (which images to fetch) and the extractor
 * (which to read, in page order).
 */
import * as cheerio from 'cheerio';

export interface PageImageRef {
  /** The src as written. */
  readonly src: string;
  /** Resolved against the page (http/https), or null for inline data and unresolvable srcs. */
  readonly url: string | null;
  /** The bytes of an inline `data:image/…;base64,` image. */
  readonly data?: Uint8Array;
}

/** At most this many images of one page are fetched and read: the tables of a report fill a few. */
export const MAX_PAGE_IMAGES = 12;

/**
 * Labels only the template's tables print — no narrative or heading repeats them. A page
 * whose text holds none of them does not carry its tables as text.
 */
const TABLE_ONLY = /三安全一稳定|结转下年度继续办理|尚未审结|没有现成信息需要另行制作|属于国家秘密|本机关不掌握相关政府信息/;

/** Whether the page's tables may be images: it shows an image and its text holds no table-only label. */
export function mayHaveTableImages(html: string): boolean {
  // Most report pages print their tables as text: one scan finds a label, no copy is made.
  if (!/<img\b/i.test(html) || TABLE_ONLY.test(html)) return false;
  return !TABLE_ONLY.test(html.replace(/<[^>]*>|&nbsp;|\s/g, ''));
}

/** Site furniture by its path or its container's id/class: logos, icons, buttons, QR codes, banners. */
const FURNITURE_SRC = /logo|icon|favicon|banner|btn|button|arrow|qrcode|erweima|ewm|share|weixin|weibo|wechat|spacer|blank\.|dot\.|line\.|bg[._-]|jiucuo|conac|gongan|beian|wza|zhangzhe|print|close|top\.|search/i;
const FURNITURE_BOX = 'header, nav, footer, [id*=nav i], [class*=nav i], [id*=menu i], [class*=menu i], [id*=header i], [class*=header i], [id*=footer i], [class*=footer i], [class*=logo i], [class*=share i], [id*=share i]';

/** The page's content images in order: furniture, tiny declared sizes and repeats left out; at most MAX_PAGE_IMAGES. */
export function pageImages(html: string, pageUrl?: string): PageImageRef[] {
  const $ = cheerio.load(html);
  const base = resolve($('base[href]').first().attr('href') ?? '', pageUrl) ?? pageUrl;
  const out: PageImageRef[] = [];
  const seen = new Set<string>();
  $('img').each((_i, el) => {
    if (out.length >= MAX_PAGE_IMAGES) return false;
    const img = $(el);
    const src = (img.attr('src') ?? img.attr('data-src') ?? img.attr('original') ?? '').trim();
    if (!src || seen.has(src) || img.closest(FURNITURE_BOX).length) return;
    const declared = (a: string) => Number(/^\d+/.exec(img.attr(a) ?? '')?.[0] ?? NaN);
    if (declared('width') < 100 || declared('height') < 40) return;
    seen.add(src);
    const inline = /^data:image\/[a-z+]+;base64,/i.exec(src);
    if (inline) { out.push({ src: src.slice(0, 40), url: null, data: new Uint8Array(Buffer.from(src.slice(inline[0].length), 'base64')) }); return; }
    const path = src.split(/[?#]/)[0]!;
    if (FURNITURE_SRC.test(path.split('/').pop() ?? '') || /\.(gif|svg)$/i.test(path)) return;
    out.push({ src, url: resolve(src, base) });
  });
  return out;
}

function resolve(href: string, base: string | undefined): string | null {
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch { return null; }
}
