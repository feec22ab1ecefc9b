/**
 * Radical code points → the ideographs they stand for in a text layer.
 *
 * CJK fonts draw a Kangxi radical (U+2F00–U+2FD5) or a CJK radical supplement
 * character (U+2E80–U+2EF3) with the same glyph as the ideograph, and PDF writers
 * that map each glyph back to one code point (Chromium/Skia, some Word and WPS
 * exports) pick the lower one: 行政规范性文件 comes out as ⾏政规范性⽂件, 页 as ⻚.
 * Kangxi radicals have NFKC decompositions; the supplement's do not, so those pairs
 * were taken from the fonts themselves (glyphs the cmaps of Noto Sans/Serif CJK and
 * WenQuanYi Micro Hei share between a radical and an ideograph).
 */

const SUPPLEMENT_PAIRS = '⺂乛⺃乚⺅亻⺉刂⺋㔾⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺫罒⺭礻⺯糹⺰纟⺱罓⺲罒⺳㓁⺹耂⺺肀⺾艹⺿艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻈讠⻉贝⻋车⻌辶⻍辶⻎辶⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⼾戸';

const TABLE = new Map<string, string>();
for (let i = 0; i + 1 < SUPPLEMENT_PAIRS.length; i += 2) TABLE.set(SUPPLEMENT_PAIRS[i]!, SUPPLEMENT_PAIRS[i + 1]!);
// NFKC gives 戶 for ⼾; simplified-Chinese fonts draw it as 户.
TABLE.set('\u2f3e', '户');

const RADICAL = /[\u2e80-\u2eff\u2f00-\u2fdf]/g;

/** Replaces radical code points by their ideographs; other text is returned unchanged. */
export const unifyRadicals = (s: string): string =>
  s.replace(RADICAL, (ch) => TABLE.get(ch) ?? (ch >= '\u2f00' ? ch.normalize('NFKC') : ch));
