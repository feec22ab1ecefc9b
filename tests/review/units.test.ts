/** The review domain's pure rules: flag identity, the lifecycle's transitions, what changed, cell values. */
import { describe, expect, it } from 'vitest';
import { flagIdentities, lineageOf } from '../../src/review/flag-identity.js';
import { afterRaised, decide, describeChanges, flagChanges } from '../../src/review/flag-lifecycle.js';
import { checkJustification, correctionStatus, parseCellValue } from '../../src/review/corrections.js';

const balance = (n: number, np = 5) => ({
  rule: 'identity.b.balance', message: `自然人: 新收 ${np} + 上年结转 1 = ${np + 1}, but 总计 ${n} + 结转 0 = ${n}`,
  cells: { 'applications.new_received.natural_person': np, 'applications.carried_over.natural_person': 1, 'applications.total.natural_person': n },
});

describe('flag identity', () => {
  it('is the body and year when known, else the URL', () => {
    expect(lineageOf({ bodyId: 12, year: 2023, url: 'http://a/x.html' })).toBe('body:12/2023');
    expect(lineageOf({ bodyId: 12, year: null, url: 'http://a/x.html' })).toBe('url:http://a/x.html');
    expect(lineageOf({ bodyId: null, year: 2023, url: 'http://a/x.html' })).toBe('url:http://a/x.html');
  });

  it('ignores the numbers and the message, and separates lineages and rules', () => {
    const [a] = flagIdentities('body:1/2023', [balance(7)]);
    const [b] = flagIdentities('body:1/2023', [balance(9, 6)]);
    const [c] = flagIdentities('body:1/2022', [balance(7)]);
    const [d] = flagIdentities('body:1/2023', [{ ...balance(7), rule: 'identity.b.outcomes' }]);
    expect(a!.key).toBe(b!.key);
    expect(new Set([a!.key, c!.key, d!.key]).size).toBe(3);
    expect(a!.subject).toBe('applications.carried_over.natural_person,applications.new_received.natural_person,applications.total.natural_person');
  });

  it('tells apart flags of one rule over the same cells by their related report, then by message order', () => {
    const copy = (message: string, relatedLineage: string | null) => ({ rule: 'copy.narrative', message, cells: { similarity: 0.9 }, relatedLineage });
    const byRelated = flagIdentities('body:1/2023', [copy('like A', 'body:2/2023'), copy('like B', 'body:3/2023')]);
    expect(byRelated.map((i) => i.subject)).toEqual(['similarity|vs body:2/2023', 'similarity|vs body:3/2023']);
    // Same subject twice: an ordinal in message order, whatever order the checks emit them in.
    const one = flagIdentities('body:1/2023', [copy('b second', null), copy('a first', null)]);
    const other = flagIdentities('body:1/2023', [copy('a first', null), copy('b second', null)]);
    expect(one.map((i) => i.subject)).toEqual(['similarity#2', 'similarity#1']);
    expect(new Map(one.map((i, n) => [['b second', 'a first'][n], i.key]))).toEqual(new Map(other.map((i, n) => [['a first', 'b second'][n], i.key])));
  });
});

describe('flag lifecycle', () => {
  const open = { state: 'open' as const, reason: null, note: null };
  it('moves open flags to confirmed or dismissed, and back to open on reopen', () => {
    expect(decide(open, { kind: 'confirm' })).toMatchObject({ ok: true, to: 'confirmed', unchanged: false });
    expect(decide(open, { kind: 'dismiss', reason: 'rule_too_strict', note: ' ' })).toMatchObject({ ok: true, to: 'dismissed', reason: 'rule_too_strict', note: null });
    expect(decide({ state: 'dismissed', reason: 'rule_too_strict', note: null }, { kind: 'confirm' })).toMatchObject({ ok: true, to: 'confirmed', reason: null });
    expect(decide({ state: 'confirmed', reason: null, note: null }, { kind: 'reopen' })).toMatchObject({ ok: true, to: 'open' });
  });

  it('writes nothing for a repeated decision, and something for a new reason or note', () => {
    const dismissed = { state: 'dismissed' as const, reason: 'rule_too_strict', note: 'n' };
    expect(decide(dismissed, { kind: 'dismiss', reason: 'rule_too_strict' })).toMatchObject({ ok: true, unchanged: true });
    expect(decide(dismissed, { kind: 'dismiss', reason: 'extraction_error' })).toMatchObject({ ok: true, unchanged: false });
    expect(decide(dismissed, { kind: 'dismiss', reason: 'rule_too_strict', note: 'other words' })).toMatchObject({ ok: true, unchanged: false });
  });

  it('refuses what makes no sense, saying why', () => {
    expect(decide({ state: 'resolved', reason: null, note: null }, { kind: 'confirm' })).toEqual({ ok: false, error: 'the checks no longer raise this flag (resolved); nothing to decide' });
    expect(decide(open, { kind: 'dismiss', reason: 'other' })).toEqual({ ok: false, error: 'dismissing with reason "other" needs a note saying why' });
    expect(decide(open, { kind: 'reopen' })).toEqual({ ok: false, error: 'the flag is already open' });
  });

  it('keeps a decision while numbers and document stay, reopens otherwise, and says what changed', () => {
    const v1 = { cells: balance(7).cells, documentId: 10, documentVersion: 1 };
    expect(flagChanges(v1, { ...v1, cells: { ...v1.cells } })).toBeNull();
    expect(afterRaised('dismissed', null)).toBe('dismissed');
    const numbers = flagChanges(v1, { ...v1, cells: balance(8).cells });
    expect(afterRaised('dismissed', numbers)).toBe('open');
    expect(describeChanges(numbers)).toBe('applications.total.natural_person 7 → 8');
    const version = flagChanges(v1, { ...v1, documentId: 14, documentVersion: 2 });
    expect(describeChanges(version)).toBe('document v1 → v2');
    const blanked = flagChanges(v1, { ...v1, cells: { ...v1.cells, 'applications.total.natural_person': null, extra: 1 } });
    expect(describeChanges(blanked)).toBe('applications.total.natural_person 7 → blank; extra absent → 1');
    expect(afterRaised('resolved', null)).toBe('open');
  });
});

describe('cell corrections', () => {
  it('reads counts, money, signed changes and blanks, and refuses the rest with the reason', () => {
    expect(parseCellValue('applications.granted.total', ' 1,204 ')).toEqual({ ok: true, value: 1204 });
    expect(parseCellValue('applications.granted.total', 'blank')).toEqual({ ok: true, value: null });
    expect(parseCellValue('applications.granted.total', '/')).toEqual({ ok: true, value: null });
    expect(parseCellValue('active.fees.amount', '5949.09')).toEqual({ ok: true, value: 5949.09 });
    expect(parseCellValue('active.licensing.change', '-3')).toEqual({ ok: true, value: -3 });
    expect(parseCellValue('applications.granted.total', '-3')).toEqual({ ok: false, error: 'applications.granted.total expects a number ≥ 0 or "blank", got "-3"' });
    expect(parseCellValue('applications.granted.total', '12.5')).toEqual({ ok: false, error: 'applications.granted.total is a count: expected a whole number, got "12.5"' });
    expect(parseCellValue('applications.granted.total', '')).toMatchObject({ ok: false });
    expect(parseCellValue('applications.granted.total', '十二')).toMatchObject({ ok: false });
    expect(parseCellValue('applications.granted.total', '1e15')).toMatchObject({ ok: false });
    expect(parseCellValue('no.such.key', '1')).toEqual({ ok: false, error: '"no.such.key" is not a cell of the national template' });
  });

  it('needs a reason and a place on the page', () => {
    expect(checkJustification('misread', 'page 3, table B')).toBeNull();
    expect(checkJustification('', 'page 3')).toMatch(/needs a reason/);
    expect(checkJustification('misread', '  ')).toMatch(/cites/);
  });

  it('applies to its own document version only', () => {
    expect(correctionStatus({ state: 'active', documentId: 5 }, 5)).toBe('applied');
    expect(correctionStatus({ state: 'active', documentId: 5 }, 9)).toBe('needs_review');
    expect(correctionStatus({ state: 'withdrawn', documentId: 5 }, 5)).toBe('withdrawn');
  });
});
