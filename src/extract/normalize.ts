/**
 * Character-level clean-up applied to every page before it is tokenised: what
 * differs between two pages only in invisible or look-alike code points must
 * read the same. Values and labels are normalised further where they are read
 * (values.ts `toHalfWidth`, labels.ts `normLabel`).
 */

// Zero-width characters: rich-text editors (UEditor, the CMS editor of most county
// sites) leave U+200B in cells, and a stray BOM survives concatenated files. They
// would turn `0` into text and split labels. A soft hyphen (&shy;, Word's optional hyphen)
// shows only where a line breaks inside a word: in a label it split the label.
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

// PDF text layers often print ideographs as their Kangxi-radical look-alikes
// (⼀ U+2F00 for 一, ⾏ U+2F8F for 行): NFKC maps those and the CJK compatibility
// ideographs back. The simplified-form radicals (⻔ 门, ⻓ 长) have no NFKC
// mapping, so the few that are whole characters are listed.
const LOOKALIKE = /[\u2e80-\u2fdf\uf900-\ufaff]/g;
const SIMPLIFIED_RADICALS: Readonly<Record<string, string>> = {
  '\u2ec5': '见', '\u2ec6': '角', '\u2ecb': '车', '\u2ed3': '长', '\u2ed4': '门', '\u2eda': '页', '\u2edb': '风',
  '\u2edc': '飞', '\u2ee2': '马', '\u2ee5': '鱼', '\u2ee6': '鸟', '\u2ee8': '麦', '\u2ee9': '黄', '\u2eec': '齐',
  '\u2eee': '齿', '\u2ef0': '龙',
};

// Line ends other than \n: \r\n (Windows), a lone \r (classic Mac, some exporters), Unicode's line
// and paragraph separators (web editors, JSON) and NEL, a vertical tab. Read as nothing but
// line ends, a page of them is one line, and no table in it is found; a \r left before each \n
// is a character of every line, which no `$` of a line's pattern matches before (a CRLF copy
// with its blank cells removed had two rows read as blanks).
const OTHER_BREAK = /\r\n?|[\u2028\u2029\u0085\v]/g;
// A form feed marks a page break (pdftotext starts each page's first line with one): it is no
// character of the line it stands in, which may be an empty line that stands for a blank cell.
const FORM_FEED = /\f/g;

// Any of these, found in one scan: most pages and cells have none and are returned as they are.
// (A \r sends a CRLF page the longer way too: one class without alternatives keeps the test cheap,
// and it runs on every cell.)
const ANY = /[\u00ad\u200b-\u200d\u2060\ufeff\u2e80-\u2fdf\uf900-\ufaff\u2028\u2029\u0085\v\f\r]/;

/**
 * Page text with invisible characters dropped, radical look-alikes read as the ideographs they
 * show, and every line ending as \n.
 */
export function normalizeText(s: string): string {
  if (!ANY.test(s)) return s;
  return s.replace(INVISIBLE, '').replace(LOOKALIKE, (c) => SIMPLIFIED_RADICALS[c] ?? c.normalize('NFKC'))
    .replace(FORM_FEED, '').replace(OTHER_BREAK, '\n');
}
