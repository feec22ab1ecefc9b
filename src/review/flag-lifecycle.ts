/**
 * The lifecycle of a flag under review, as pure transitions:
 *
 *   open ──confirm──▶ confirmed        (the report really is inconsistent)
 *   open ──dismiss──▶ dismissed        (with a reason)
 *   confirmed ⇄ dismissed, either ──reopen──▶ open      (a reviewer changes their mind)
 *   any ──raised with other numbers or on a new document version──▶ open   (the pipeline)
 *   any ──no longer raised──▶ resolved                                      (the pipeline)
 *   resolved ──raised again──▶ open                                         (the pipeline)
 */
export const FLAG_STATES = ['open', 'confirmed', 'dismissed', 'resolved'] as const;
export type FlagState = (typeof FLAG_STATES)[number];

/** Why a reviewer dismisses a flag; `other` needs a note. Order is the order forms offer them. */
export const DISMISS_REASONS = [
  { id: 'extraction_error', label: '提取错误 — extraction error: the page says otherwise' },
  { id: 'explained_in_notes', label: '报告已说明 — explained in the report\'s notes' },
  { id: 'rule_too_strict', label: '规则过严 — the rule is too strict for this case' },
  { id: 'publisher_template', label: '模板差异 — the publisher\'s template differs legitimately' },
  { id: 'other', label: '其他 — other (say why in the note)' },
] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number]['id'];

export const isDismissReason = (s: string): s is DismissReason => DISMISS_REASONS.some((r) => r.id === s);

export type ReviewerAction =
  | { readonly kind: 'confirm'; readonly note?: string | null }
  | { readonly kind: 'dismiss'; readonly reason: DismissReason; readonly note?: string | null }
  | { readonly kind: 'reopen'; readonly note?: string | null };

export type Decision =
  | { readonly ok: true; readonly to: FlagState; readonly reason: DismissReason | null; readonly note: string | null; readonly unchanged: boolean }
  | { readonly ok: false; readonly error: string };

const TARGET: Record<ReviewerAction['kind'], FlagState> = { confirm: 'confirmed', dismiss: 'dismissed', reopen: 'open' };

/** A flag's current decision. */
export interface CurrentDecision {
  readonly state: FlagState;
  readonly reason: string | null;
  readonly note: string | null;
}

/** What a reviewer's action does to a flag; an error says why it cannot. `unchanged` means it would write nothing. */
export function decide(current: CurrentDecision, action: ReviewerAction): Decision {
  const from = current.state;
  if (from === 'resolved') return { ok: false, error: 'the checks no longer raise this flag (resolved); nothing to decide' };
  const note = action.note?.trim() || null;
  if (action.kind === 'dismiss' && action.reason === 'other' && !note) {
    return { ok: false, error: 'dismissing with reason "other" needs a note saying why' };
  }
  const to = TARGET[action.kind];
  if (action.kind === 'reopen' && from === 'open') return { ok: false, error: 'the flag is already open' };
  const reason = action.kind === 'dismiss' ? action.reason : null;
  return { ok: true, to, reason, note, unchanged: from === to && reason === current.reason && (note === null || note === current.note) };
}

/** The numbers a flag was raised with, and on which document version. */
export interface RaisedOn {
  readonly cells: Readonly<Record<string, number | null>>;
  readonly documentId: number;
  readonly documentVersion: number;
}

/** What differs between two raisings of the same flag; null when nothing does. */
export interface FlagChanges {
  readonly cells?: Readonly<Record<string, readonly [number | null | undefined, number | null | undefined]>>;
  readonly document?: { readonly from: { id: number; version: number }; readonly to: { id: number; version: number } };
}

export function flagChanges(before: RaisedOn, now: RaisedOn): FlagChanges | null {
  const cells: Record<string, [number | null | undefined, number | null | undefined]> = {};
  for (const k of [...new Set([...Object.keys(before.cells), ...Object.keys(now.cells)])].sort()) {
    const a = before.cells[k], b = now.cells[k];
    if (a !== b) cells[k] = [a, b];
  }
  const doc = before.documentId !== now.documentId
    ? { from: { id: before.documentId, version: before.documentVersion }, to: { id: now.documentId, version: now.documentVersion } }
    : undefined;
  if (Object.keys(cells).length === 0 && !doc) return null;
  return { ...(Object.keys(cells).length ? { cells } : {}), ...(doc ? { document: doc } : {}) };
}

/**
 * The state after the pipeline raises the flag again: kept when nothing it was
 * decided on changed, open otherwise (a resolved flag that comes back is open).
 */
export function afterRaised(from: FlagState, changes: FlagChanges | null): FlagState {
  if (from === 'resolved') return 'open';
  return changes ? 'open' : from;
}

/** One line saying what changed, for lists and history: `app.x.total 5 → 6; document v1 → v2`. */
export function describeChanges(c: FlagChanges | null | undefined): string {
  if (!c) return '';
  const fmt = (v: number | null | undefined) => (v === undefined ? 'absent' : v === null ? 'blank' : String(v));
  const parts = Object.entries(c.cells ?? {}).map(([k, [a, b]]) => `${k} ${fmt(a)} → ${fmt(b)}`);
  if (c.document) parts.push(`document v${c.document.from.version} → v${c.document.to.version}`);
  return parts.join('; ');
}
