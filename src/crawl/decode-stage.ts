/**
 * The decode stage: bytes to text (BOM, header, `<meta>`, detection; a site's
 * forced charset wins). Files and 304s have no text.
 */
import iconv from 'iconv-lite';
import type { CrawlEnv, DecodedCtx, FetchedCtx } from './crawl-context.js';
import type { FetchResponse } from './fetch-strategy.js';
import type { Site } from './sites.js';
import { decodeBody, normalizeCharset } from './charset.js';
import { next, type Stage } from './stage.js';

const FILE_TYPES = /pdf|msword|officedocument|octet-stream|zip|image\//i;

export function decodeResponse(res: Pick<FetchResponse, 'status' | 'headers' | 'bytes'>, site: Site | undefined): { text: string; charset: string } {
  if (res.status === 304) return { text: '', charset: 'binary' };
  const ct = res.headers['content-type'] ?? '';
  if (FILE_TYPES.test(ct)) return { text: '', charset: 'binary' };
  const forced = normalizeCharset(site?.hints.charset ?? null);
  if (forced) return { text: iconv.decode(Buffer.from(res.bytes), forced), charset: forced };
  return decodeBody(res.bytes, ct);
}

export const decodeStage: Stage<FetchedCtx, DecodedCtx, CrawlEnv> = {
  name: 'decode',
  run(ctx) {
    const { text, charset } = decodeResponse(ctx.res, ctx.site);
    return next({ ...ctx, text, charset });
  },
};
