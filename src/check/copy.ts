/**
 * Copy rules. Narratives: MinHash signatures over character shingles, LSH banding to find
 * candidate pairs in near-linear time, exact Jaccard to confirm. Tables: identical B+C grids.
 * The signature, band and flag primitives here serve both the in-memory pass over a set of
 * reports (`copyNarrativeFlags`) and the national pass over stored signatures
 * (src/pipeline/national-copies.ts), so both flag the same pairs the same way.
 */
import type { Flag } from '../model/flag.js';
import type { Report } from '../model/report.js';
import { ALL_KEYS, tableOf } from '../template/index.js';
import { laterOf, sameBody } from './bodies.js';

const SHINGLE = 5;
export const BANDS = 20;
const ROWS = 6;
export const HASHES = BANDS * ROWS;
/** Jaccard of shingle sets above which a narrative counts as copied. */
export const COPY_THRESHOLD = 0.8;
/** Signature agreement below which a candidate pair is not worth the exact Jaccard. */
export const LIKELY_COPY = COPY_THRESHOLD - 0.15;
/** Short texts share boilerplate by nature: only long enough narratives are compared. */
const MIN_SHINGLES = 80;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function mix(h: number, seed: number): number {
  let x = (h ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Digits and punctuation removed: a copy with the figures changed is still a copy. */
export function shingles(text: string): Set<number> {
  const t = text.replace(/[\s\d\p{P}\p{S}]/gu, '');
  const out = new Set<number>();
  for (let i = 0; i + SHINGLE <= t.length; i++) out.add(fnv1a(t.slice(i, i + SHINGLE)));
  return out;
}

export function minhash(set: ReadonlySet<number>): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const h of set) for (let i = 0; i < HASHES; i++) {
    const v = mix(h, i + 1);
    if (v < sig[i]!) sig[i] = v;
  }
  return sig;
}

/** A narrative's MinHash signature, or null when it is too short to be compared. */
export function narrativeSignature(text: string | null): Uint32Array | null {
  const set = shingles(text ?? '');
  return set.size < MIN_SHINGLES ? null : minhash(set);
}

/**
 * One hash per LSH band (ROWS signature values each), below 2^52 so it is exact as a
 * JavaScript number and as a PostgreSQL bigint. Two narratives sharing a band hash are
 * a candidate pair.
 */
export function bandHashes(sig: Uint32Array): number[] {
  const out: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h1 = 0x811c9dc5, h2 = 0x01000193;
    for (let i = b * ROWS; i < (b + 1) * ROWS; i++) {
      h1 = Math.imul(h1 ^ sig[i]!, 0x01000193) >>> 0;
      h2 = mix(h2 ^ sig[i]!, b + 1);
    }
    out.push(h1 * 2 ** 20 + (h2 >>> 12));
  }
  return out;
}

export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter || 1);
}

/** The share of signature positions two narratives agree on: an estimate of their Jaccard. */
export function signatureAgreement(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** A flag for each later report of a pair whose narratives are `sim` alike (sim ≥ COPY_THRESHOLD). */
export function copyNarrativePairFlags(a: Report, b: Report, sim: number): { reportId: string; flag: Flag }[] {
  return laterOf(a, b).map((r) => {
    const other = r === a ? b : a;
    return { reportId: r.id, flag: { rule: 'copy.narrative', severity: 'warning', relatedReportId: other.id,
      cells: { similarity: Math.round(sim * 100) / 100 },
      message: `The narrative is ${Math.round(sim * 100)}% the same as that of ${other.body.name ?? other.id}${other.year ? ` (${other.year})` : ''}` } };
  });
}

/** Narrative copies among the given reports (all held in memory: one file set, or tests). */
export function copyNarrativeFlags(reports: readonly Report[]): Map<string, Flag[]> {
  const out = new Map<string, { flag: Flag; score: number }>();
  const sets = reports.map((r) => shingles(r.text));
  const buckets = new Map<string, number[]>();
  const sigs: Uint32Array[] = [];
  reports.forEach((_, i) => {
    if (sets[i]!.size < MIN_SHINGLES) return;
    const sig = minhash(sets[i]!);
    sigs[i] = sig;
    bandHashes(sig).forEach((h, b) => {
      const key = `${b}:${h}`;
      const list = buckets.get(key);
      if (list) list.push(i); else buckets.set(key, [i]);
    });
  });
  const seen = new Set<number>();
  for (const list of buckets.values()) {
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) {
      const i = list[x]!, j = list[y]!, pair = i * reports.length + j;
      if (seen.has(pair)) continue;
      seen.add(pair);
      const a = reports[i]!, b = reports[j]!;
      if (sameBody(a, b)) continue; // a body reusing its own text year on year is not a copy
      // Signature agreement estimates the Jaccard: only likely pairs pay for the exact one.
      if (signatureAgreement(sigs[i]!, sigs[j]!) < LIKELY_COPY) continue;
      const sim = jaccard(sets[i]!, sets[j]!);
      if (sim < COPY_THRESHOLD) continue;
      for (const { reportId, flag } of copyNarrativePairFlags(a, b, sim)) keepBest(out, reportId, flag, sim);
    }
  }
  return new Map([...out].map(([id, x]) => [id, [x.flag]]));
}

/** One flag per report and rule: among many copies of a boilerplate, the closest source. */
export function keepBest(out: Map<string, { flag: Flag; score: number }>, id: string, flag: Flag, score: number): void {
  const prev = out.get(id);
  if (!prev || score > prev.score) out.set(id, { flag, score });
}

/** A table with fewer non-zero cells than this is too common to mean a copy. */
const MIN_NONZERO = 12;

/** Table B and C keys in one fixed order: a report's tables are its values in this order. */
const TABLE_KEYS = ALL_KEYS.filter((k) => tableOf(k) === 'B' || tableOf(k) === 'C');

/**
 * Tables B and C as one string, equal for two reports exactly when they state the same keys
 * with the same values (a blank and a key not stated alike), or null when too few values are
 * non-zero to mean anything.
 */
function tablesSignature(cells: Report['cells']): string | null {
  let nonZero = 0, sig = '';
  for (const k of TABLE_KEYS) {
    const v = cells[k];
    if (v !== null && v !== undefined && v !== 0) nonZero++;
    sig += v === null || v === undefined ? ';' : `${v};`;
  }
  return nonZero < MIN_NONZERO ? null : sig;
}

export function identicalTableFlags(reports: readonly Report[]): Map<string, Flag[]> {
  const groups = new Map<string, Report[]>();
  for (const r of reports) {
    const sig = tablesSignature(r.cells);
    if (sig === null) continue;
    const g = groups.get(sig);
    if (g) g.push(r); else groups.set(sig, [r]);
  }
  const out = new Map<string, { flag: Flag; score: number }>();
  for (const g of groups.values()) {
    for (let x = 0; x < g.length; x++) for (let y = x + 1; y < g.length; y++) {
      const a = g[x]!, b = g[y]!;
      if (sameBody(a, b)) continue;
      for (const r of laterOf(a, b)) {
        const other = r === a ? b : a;
        const f: Flag = { rule: 'copy.identical_table', severity: 'warning', relatedReportId: other.id, cells: {},
          message: `Tables B and C are identical, cell for cell, to those of ${other.body.name ?? other.id}${other.year ? ` (${other.year})` : ''}` };
        keepBest(out, r.id, f, -x); // the earliest-listed source
      }
    }
  }
  return new Map([...out].map(([id, v]) => [id, [v.flag]]));
}
