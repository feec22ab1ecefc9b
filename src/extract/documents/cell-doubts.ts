/**
 * OCR'd cells the reader cannot vouch for: a value read below OCR's confidence
 * bar, or a blank where the scan has ink OCR did not read. After alignment, such
 * cells are left out — with a warning naming each — rather than stated; the
 * others carry their own OCR confidence.
 */
import type { ExtractedCell } from '../../model/report.js';
import { OCR_SURE, type LinePlace } from './layout-render.js';

export function applyDoubts(details: readonly ExtractedCell[], text: string, places: readonly LinePlace[] | undefined): { details: ExtractedCell[]; warnings: string[] } {
  if (!places?.some((p) => p.doubts || p.confs || p.conf !== undefined)) return { details: [...details], warnings: [] };
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const kept: ExtractedCell[] = [];
  const warnings: string[] = [];
  for (const d of details) {
    const { line, start } = d.provenance as { line?: number; start?: number };
    const place = line === undefined ? undefined : places[line];
    if (!place) { kept.push(d); continue; }
    // Counts are not printed with a leading zero: OCR glued a 0 to the next cell, or to a bar.
    if ((place.conf !== undefined || place.confs) && /^0\d/.test(d.raw.trim())) {
      warnings.push(`${d.key}: left out: OCR read "${d.raw}", a number with a leading zero (a 0 glued to the next cell or to a bar)`);
      continue;
    }
    if (!place.cells && place.conf !== undefined) {
      // A line OCR read as prose: its values are worth what its least sure number is. A blank on
      // it (an empty cell between bars OCR read) stands only when no ink on the line went unread.
      if (d.value === null && !d.raw.trim() && blankLines(text, starts, line!).some((i) => (!places[i]?.inkRead && (i === line || isProse(places[i]))) || (i !== line && isProse(places[i]) && places[i]!.conf! * 100 < OCR_SURE))) { warnings.push(`${d.key}: left out: a blank on a line OCR read as prose, with ink OCR did not read`); continue; }
      if (place.conf * 100 < OCR_SURE) { warnings.push(`${d.key}: left out: OCR confidence ${Math.round(place.conf * 100)} (below ${OCR_SURE}) (read "${d.raw}")`); continue; }
      kept.push({ ...d, confidence: place.conf });
      continue;
    }
    // The n-th pipe of the row opens the n-th cell; a blank cell has no offset of its own.
    const cell = start === undefined ? -1 : (text.slice(starts[line!] ?? 0, start).match(/\|/g) ?? []).length - 1;
    // A blank has no offset: on a row with an unread cell, no blank of it is stated.
    const doubt = cell >= 0 ? place.doubts?.[cell] : d.value === null ? place.doubts?.find((x) => x && /could not read/.test(x)) : undefined;
    if (doubt) {
      warnings.push(`${d.key}: left out: ${doubt} (read "${d.raw}")`);
      continue;
    }
    const conf = cell >= 0 ? place.confs?.[cell] : undefined;
    kept.push(conf === undefined || conf === null ? d : { ...d, confidence: conf });
  }
  return { details: kept, warnings };
}

const isProse = (p: LinePlace | undefined): boolean => !!p && !p.cells && p.conf !== undefined;

/**
 * The lines a blank given at line `l` may lie on: its own, and when that line ends at a wall,
 * the lines up to the next one — one cell a line (`+43 |`, then a lone `|`), the blank is the
 * cell the next wall closes, and OCR may have left its ink unread there, or read that line unsure.
 */
function blankLines(text: string, starts: readonly number[], l: number): number[] {
  const lineAt = (i: number): string | undefined => (i < starts.length ? text.slice(starts[i], (starts[i + 1] ?? text.length + 1) - 1) : undefined);
  const out = [l];
  if (!/\|\s*$/.test(lineAt(l) ?? '')) return out;
  for (let i = l + 1; i < starts.length; i++) {
    out.push(i);
    // A rule row (`|---|---|`) closes no cell: the blank runs on to the next row's wall.
    if (lineAt(i)!.includes('|') && !/^[\s|:]*-[-\s|:]*$/.test(lineAt(i)!)) break;
  }
  return out;
}
