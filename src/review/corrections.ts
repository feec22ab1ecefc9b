/**
 * A reviewer's correction of one cell, as pure rules. A correction is stored
 * beside the extracted value (never over it) and applies to one document
 * version: re-extracting that version keeps it; a new version of the document
 * does not inherit it silently — it goes back to a reviewer, who carries it
 * over (confirm) or drops it (dismiss).
 *
 * @example
 * parseCellValue('applications.granted.total', '12')    // { ok: true, value: 12 }
 * parseCellValue('applications.granted.total', 'blank') // { ok: true, value: null }
 */
import { KEY_INFO, TABLE_A_2019, TABLE_A_2021 } from '../template/index.js';

/**
 * active: applies to its document version · replaced: a later correction of
 * the same cell on the same version took over · carried: re-applied to a newer
 * version (as another correction) · withdrawn: dropped by a reviewer.
 */
export const CORRECTION_STATES = ['active', 'replaced', 'carried', 'withdrawn'] as const;
export type CorrectionState = (typeof CORRECTION_STATES)[number];

/** Words that mean "the page leaves this cell blank" (null, never 0). */
const BLANK = /^(blank|null|\/|－|-|—|空)$/i;
/** Largest value accepted: a typo of many digits is more likely than such a figure. */
const MAX_VALUE = 1e12;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** 本年增/减 cells of table A: the only ones that may be negative. */
const SIGNED: ReadonlySet<string> = new Set([...TABLE_A_2019, ...TABLE_A_2021].flatMap((b) => b.cells.filter((c) => c.signed).map((c) => c.key)));

/**
 * A reviewer's value for a cell: a count (whole, ≥ 0; 本年增/减 may be
 * negative), a money amount (decimals allowed) or blank.
 */
export function parseCellValue(key: string, text: string): Parsed<number | null> {
  const info = KEY_INFO.get(key);
  if (!info) return { ok: false, error: `"${key}" is not a cell of the national template` };
  const s = text.trim().replace(/,/g, '');
  if (s === '') return { ok: false, error: `give a value for ${key}, or "blank" for a cell the page leaves empty` };
  if (BLANK.test(s)) return { ok: true, value: null };
  const signed = SIGNED.has(key);
  if (!(signed ? /^[+-]?\d+(\.\d+)?$/ : /^\d+(\.\d+)?$/).test(s)) {
    return { ok: false, error: `${key} expects a number${signed ? '' : ' ≥ 0'} or "blank", got "${text.trim()}"` };
  }
  const value = Number(s);
  if (!info.money && !Number.isInteger(value)) return { ok: false, error: `${key} is a count: expected a whole number, got "${text.trim()}"` };
  if (Math.abs(value) > MAX_VALUE) return { ok: false, error: `${key}: ${s} is implausibly large` };
  return { ok: true, value };
}

/** Reason and page citation are required: a correction nobody can check is worse than none. */
export function checkJustification(reason: string, source: string): string | null {
  if (!reason.trim()) return 'a correction needs a reason (what the extraction got wrong)';
  if (!source.trim()) return 'a correction needs the place on the page it cites (e.g. "page 3, table B, row 七")';
  if (reason.length > 2000 || source.length > 500) return 'reason (2000) or source (500 characters) too long';
  return null;
}

/** Whether an active correction applies now, or waits for a reviewer because its document has a newer version. */
export type CorrectionStatus = 'applied' | 'needs_review' | Exclude<CorrectionState, 'active'>;

export function correctionStatus(c: { readonly state: CorrectionState; readonly documentId: number }, liveDocumentId: number | null): CorrectionStatus {
  if (c.state !== 'active') return c.state;
  return liveDocumentId === c.documentId ? 'applied' : 'needs_review';
}
