/**
 * Rules about how a report was read: cells extraction inferred rather than read
 * (chosen among readings by an identity, a stray value moved into a printed blank,
 * OCR below its confidence bar) are shown to a reviewer, who can confirm them
 * against the page.
 */
import type { Flag } from '../model/flag.js';
import type { Report } from '../model/report.js';
import { KEY_INFO } from '../template/index.js';

const label = (k: string): string => KEY_INFO.get(k)?.label ?? k;

export function inferredFlags(r: Report): Flag[] {
  const keys = [...new Set(r.inferred ?? [])].sort();
  if (!keys.length) return [];
  const cells: Record<string, number | null> = {};
  for (const k of keys) cells[k] = r.cells[k] ?? null;
  const shown = keys.slice(0, 4).map((k) => `${label(k)} ${cells[k]}`).join('; ');
  return [{
    rule: 'extraction.inferred', severity: 'info', cells,
    message: `${keys.length} cell${keys.length > 1 ? 's' : ''} inferred rather than read as printed (${shown}${keys.length > 4 ? '; …' : ''}): the extraction warnings say how`,
  }];
}
