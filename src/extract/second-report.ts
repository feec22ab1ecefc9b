/**
 * Where a page's second report begins. Some pages hold two reports (this year's and last
 * year's, a government's and a department's, one per template): read as one, the second's
 * tables filled the cells the first left unprinted, and its header words could choose the
 * template the first is read by — a 2021 report followed by a 2019 one was read by the 2019
 * template, its table A values taken from the second report. A page's report ends where a
 * second 二、主动公开政府信息情况 heading opens another table A after the first's later sections.
 */
import type { Token } from './tokens.js';
import { normLabel } from './labels.js';
import { readCell } from './values.js';

// Sections 二 to 四's headings, item-numbered or not, as normLabel leaves them (half-width 、 stays).
const SECTION_TWO = /^(?:二[、.]?)?主动公开政府信息(?:情况)?$/;
const LATER_SECTION = /^(?:[三四][、.]?)?(?:收到和处理政府信息公开申请(?:情况)?|政府信息公开行政复议.{0,2}行政诉讼(?:情况)?)$/;
const SECTION_WORD = /主动公开|收到和处理|行政诉讼/;
// Values a report's tables print before a second section 二 counts as another report's: more
// than a table of contents' page numbers, fewer than table A holds.
const TABLE_VALUES = 10;

/**
 * The index of the token where a second report begins, or null when the page holds one: a
 * section 二 heading after a section 二, a later section's heading (三 or 四) and a table's
 * worth of values — not a sub-heading of 一、总体情况 worded as section 二 is.
 */
export function secondReportAt(tokens: readonly Token[]): number | null {
  let two = false, later = false, values = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.boundary || !t.text) continue;
    // Most tokens are values and labels: only a text naming one of the sections is normalised.
    const heading = t.text.length <= 24 && SECTION_WORD.test(t.text) ? normLabel(t.text) : '';
    if (heading && SECTION_TWO.test(heading)) {
      if (two && later && values >= TABLE_VALUES) return i;
      two = true;
    } else if (heading && two && LATER_SECTION.test(heading)) later = true;
    else if (two && readCell(t.text).kind === 'number') values++;
  }
  return null;
}
