/**
 * What a browser does not show because the markup itself says so: an element whose own
 * `style` sets `display: none` or `visibility: hidden`, or that carries the `hidden`
 * attribute. Text pasted from Word keeps Word's hidden text that way (`display:none;
 * mso-hide:all`), and some sites hide characters between the digits of a cell against
 * copying: read, `2<span style="display:none">7</span>` would be 27 where the page shows 2.
 *
 * Only elements that cannot hold a page's content are taken at their word: a cell, a row,
 * inline text, and a paragraph or block inside a cell. A hidden `<div>` outside tables is
 * often the report itself, shown by script (tabs, "print view"): it is read. Text struck out
 * inside a cell is a correction, and a superscript there a footnote's mark: neither is read.
 * The page's own style blocks count too, where a rule names the element's class or id
 * (html-stylesheet.ts).
 */
import { inlineStyleHides, type PageStyles } from './html-stylesheet.js';

/** Inline elements (not void ones: they hold no text, and an unclosed hidden one must not hide the rest). */
const INLINE = ['span', 'font', 'b', 'i', 'em', 'strong', 'u', 's', 'strike', 'del', 'ins', 'sup', 'sub', 'small', 'big',
  'a', 'label', 'abbr', 'code', 'mark', 'q', 'cite', 'o:p'];
const INLINE_SET: ReadonlySet<string> = new Set(INLINE);
/** Elements whose hiding counts only inside a table cell. */
const IN_CELL = ['p', 'div'];
/** Elements whose attributes say whether they are hidden. */
export const HIDEABLE: ReadonlySet<string> = new Set([...INLINE, ...IN_CELL, 'td', 'th', 'tr']);
const IN_CELL_ONLY: ReadonlySet<string> = new Set(IN_CELL);

// display:none, visibility:hidden or collapse, and opacity:0 (which no child can undo), as
// html-stylesheet.ts weighs an inline style. Not font-size:0 as such: layouts set it on a box
// whose children set their own size, to close the gaps between inline blocks — their text
// shows; see `zeroSizeText` for where it does hide.
const ZERO_SIZE = /(?:^|;)\s*font-size\s*:\s*0*(?:\.0*)?(?:px|pt|em|rem|%)?\s*(?:!important\s*)?(?:;|$)/i;
const QUOTED = /"[^"]*"|'[^']*'/g;
const HIDDEN_ATTR = /(?:^|\s)hidden(?=\s|=|\/|$)/i;

const GRID: ReadonlySet<string> = new Set(['td', 'th', 'tr']);

// Struck-out text: a correction left in the page (Word's tracked deletions pasted as <del>, or
// <s>/<strike>/line-through). In a cell, what the cell states is the rest: `<del>5</del>6` is 6.
// A superscript in a cell is a footnote's mark (`12<sup>1</sup>` shows 12¹), not digits of the value.
const NOT_THE_VALUE: ReadonlySet<string> = new Set(['del', 's', 'strike', 'sup']);
const LINE_THROUGH = /text-decoration(?:-line)?\s*:[^;]*line-through/i;

/**
 * Whether element `name` is not read: hidden by its own markup (`style`, the `hidden`
 * attribute) where that counts, or struck out (or a footnote's mark) inside a table cell (`inCell`). A cell or row
 * struck out as a whole is read as any other: taken out, it would shift the row's cells.
 */
export function hides(name: string, style: string | undefined, hiddenAttr: boolean, inCell: boolean,
  sheet: PageStyles | null = null, className?: string, id?: string): boolean {
  if (!HIDEABLE.has(name) || (!inCell && IN_CELL_ONLY.has(name))) return false;
  if (hiddenAttr) return true;
  const bySheet = sheet && (className || id) ? sheet.hides({ name, className, id, style }) : null;
  if (bySheet ?? inlineStyleHides(style)) return true;
  return inCell && !GRID.has(name) && (NOT_THE_VALUE.has(name) || (!!style && LINE_THROUGH.test(style)));
}

const ATTRIBUTE = new Map<string, RegExp>();
/** An attribute's value as it stands in a tag's raw attributes (quoted or not, entities left as they are), if the tag has it. */
export function attributeValue(attrs: string, name: string): string | undefined {
  let re = ATTRIBUTE.get(name);
  if (!re) ATTRIBUTE.set(name, (re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i')));
  const m = re.exec(attrs);
  return m ? m[1] ?? m[2] ?? m[3] : undefined;
}

/**
 * Whether an inline element in a table cell shows its text at size 0, so not at all: its `style`
 * sets `font-size: 0` and its content (from `from`, where its start tag ends) is text alone up to
 * its own end tag — no child that could set a size of its own. A copy guard hides a decoy digit so.
 */
export function zeroSizeText(name: string, style: string | undefined, inCell: boolean, html: string, from: number): boolean {
  if (!inCell || !style?.includes('font-size') || !INLINE_SET.has(name) || !ZERO_SIZE.test(style)) return false;
  const next = html.indexOf('<', from);
  return next >= 0 && html.slice(next, next + name.length + 2).toLowerCase() === `</${name}`
    && /[\s>]/.test(html.charAt(next + name.length + 2) || '>');
}

/** `hides`, from an element's raw attributes as they stand in the tag (and the page's style rules, if it has any). */
export function attributesHide(name: string, attrs: string, inCell: boolean, sheet: PageStyles | null = null): boolean {
  const named = !!sheet && !!attrs && (/class/i.test(attrs) || /\bid/i.test(attrs));
  // Most tags carry no word that could hide them: a plain substring test clears them before any pattern runs.
  if (!named && (!attrs || (!attrs.includes('one') && !attrs.includes('ONE') && !attrs.includes('idden') && !attrs.includes('IDDEN')
    && !attrs.includes('line-through') && !attrs.includes('pacity') && !attrs.includes('ollapse')))) return hides(name, undefined, false, inCell);
  return hides(name, attributeValue(attrs, 'style'), HIDDEN_ATTR.test(attrs.replace(QUOTED, '""')), inCell,
    named ? sheet : null, named ? attributeValue(attrs, 'class') : undefined, named ? attributeValue(attrs, 'id') : undefined);
}
