/**
 * Is a page's text layer readable? A PDF whose CID fonts carry no usable Unicode
 * map gives glyph numbers for characters: control characters and NULs, private-use
 * code points, or letters of scripts no Chinese report is written in (or plain Latin
 * letters where the page is Chinese). Such a page must be read by OCR; reading its
 * layer would state nothing — or worse, digits that are really glyph numbers.
 */

export interface LayerVerdict { readonly readable: boolean; readonly why?: string }

// What a Chinese report prints: CJK ideographs and punctuation, full-width forms, ASCII,
// Latin-1 punctuation, general punctuation, letterlike/number forms, arrows, maths,
// enclosed numbers, box drawing and shapes, radicals (mapped back by the reader).
const EXPECTED = /[\u0020-\u007e\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u2100-\u22ff\u2460-\u24ff\u2500-\u25ff\u2600-\u26ff\u2e80-\u2fdf\u3000-\u303f\u3200-\u32ff\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;
const BROKEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ue000-\uf8ff\ufffd]/u;
const CJK = /[\u4e00-\u9fff]/u;
const LATIN = /[A-Za-z]/;

/** Below this many characters a page says too little to judge. */
const MIN_CHARS = 20;

export function checkTextLayer(text: string): LayerVerdict {
  const chars = [...text.replace(/\s+/g, '')];
  if (chars.length < MIN_CHARS) return { readable: true };
  let broken = 0, unexpected = 0, cjk = 0, latin = 0, digits = 0;
  for (const ch of chars) {
    if (BROKEN.test(ch)) broken++;
    else if (!EXPECTED.test(ch)) unexpected++;
    else if (CJK.test(ch)) cjk++;
    else if (LATIN.test(ch)) latin++;
    else if (ch >= '0' && ch <= '9') digits++;
  }
  const n = chars.length;
  const share = (k: number): string => `${Math.round((100 * k) / n)} %`;
  if (broken / n >= 0.05) return { readable: false, why: `${share(broken)} of its characters are control or private-use code points` };
  if (unexpected / n >= 0.15) return { readable: false, why: `${share(unexpected)} of its characters are in scripts a Chinese report does not use` };
  // Latin letters where Chinese must be: almost no CJK among the characters that are not digits.
  const words = n - digits;
  if (words >= 40 && cjk / words < 0.1 && latin / words > 0.5) return { readable: false, why: `${share(latin)} Latin letters and ${share(cjk)} Chinese characters` };
  return { readable: true };
}
