/**
 * What the comparison charts draw, computed here so they stay readable for
 * thousands of bodies: the distribution of the metric per region (box plus
 * every body as a dot, the selected body marked), a tile map of the regions by
 * code (median per tile), and the selected body's metric over the years.
 * Regions are one level below the selected one: provinces nationally,
 * prefectures within a province, counties within a prefecture.
 */
import { divisionByCode } from '../model/division.js';
import { quantile } from './percentiles.js';
import type { Comparison } from './compare-report.js';

export interface RegionGroup { readonly code: string; readonly name: string; readonly n: number; readonly box: readonly number[] | null; readonly median: number | null; readonly x: number; readonly y: number }

/** The code a region code groups under, one level below `prefix` (2, 4 or 6 digits). */
export const groupCode = (regionCode: string, prefix: string): string =>
  regionCode.slice(0, Math.min(6, prefix.length < 2 ? 2 : prefix.length + 2));

export function chartData(c: Comparison, selectedBody: number | null, history: readonly { year: number; value: number | null }[]) {
  const prefix = c.request.region?.prefix ?? '';
  const rows = c.ranking.rows.filter((r) => r.value !== null && r.regionCode);
  const codes = [...new Set(rows.map((r) => groupCode(r.regionCode!, prefix)))].sort();
  const perRow = new Map<string, number>();
  // Nationally, provinces sit in rows by the first digit of their code (华北 1x, 东北 2x … 西北 6x); below, in code order.
  const groups: RegionGroup[] = codes.map((code, i) => {
    const ranked = rows.filter((r) => r.status === 'ranked' && groupCode(r.regionCode!, prefix) === code).map((r) => r.value!);
    const row = code.length === 2 ? Number(code[0]) - 1 : Math.floor(i / 8);
    const x = code.length === 2 ? (perRow.get(code[0]!) ?? 0) : i % 8;
    if (code.length === 2) perRow.set(code[0]!, x + 1);
    const box = ranked.length ? [Math.min(...ranked), quantile(ranked, 0.25)!, quantile(ranked, 0.5)!, quantile(ranked, 0.75)!, Math.max(...ranked)] : null;
    return { code, name: divisionByCode(code)?.name ?? code, n: ranked.length, box, median: box ? box[2]! : null, x, y: row };
  });
  const index = new Map(codes.map((c2, i) => [c2, i]));
  const selected = selectedBody === null ? undefined : c.ranking.rows.find((r) => r.bodyId === selectedBody);
  return {
    title: `${c.request.metric.label} · ${c.request.region?.name ?? c.request.region?.prefix ?? '全部地区'} · ${c.request.year}`,
    kind: c.request.metric.kind,
    groups,
    // [group index, value, ranked 1/0, report id]: compact for 3,000 bodies.
    points: rows.map((r) => [index.get(groupCode(r.regionCode!, prefix))!, r.value!, r.status === 'ranked' ? 1 : 0, r.reportId, r.body ?? '?']),
    quartiles: { p25: c.ranking.peers.p25, p50: c.ranking.peers.p50, p75: c.ranking.peers.p75 },
    selected: selected && selected.value !== null && selected.regionCode
      ? { name: selected.body ?? '?', value: selected.value, group: index.get(groupCode(selected.regionCode, prefix)) ?? null } : null,
    history: selected ? { name: selected.body ?? '?', points: history.map((h) => [String(h.year), h.value]) } : null,
  };
}
