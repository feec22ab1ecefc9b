/**
 * The run summary as an operator reads it at the end of a run (the JSON form
 * is the RunSummary itself, for monitoring).
 */
import type { RunSummary } from './run.js';

const n = (v: unknown): string => (typeof v === 'number' ? String(v) : '0');

export function formatRunSummary(s: RunSummary): string {
  const lines = [`run ${s.runId} finished in ${(s.durationMs / 1000).toFixed(1)} s`];
  if (s.crawl) {
    const c = s.crawl as Record<string, unknown>;
    lines.push(`  crawl    ${n(c.sites)} sites, ${n(c.fetched)} pages fetched (${n(c.notModified)} not modified), `
      + `${n(c.newDocuments)} new documents, ${n(c.newVersions)} new versions, ${n(c.failed)} failed`);
  } else {
    lines.push('  crawl    skipped');
  }
  const x = s.extract;
  const limited = Object.entries(x.stoppedByLimit ?? {}).map(([k, v]) => `${v} ${k}`).join(', ');
  lines.push(`  extract  ${x.documents} document versions: ${x.reportsNew} new reports, ${x.reportsChanged} changed, `
    + `${x.reportsUnchanged} unchanged, ${x.noTable} without a table, ${x.beforeTemplate ? `${x.beforeTemplate} before the template (not loaded), ` : ''}${x.reportsRetired ? `${x.reportsRetired} earlier reports retired (their documents now yield none), ` : ''}${x.failed} failed${limited ? ` (stopped: ${limited})` : ''}`);
  lines.push(`  check    ${s.check.reportsChecked} reports checked, ${s.check.reportsWithFlags} with flags, `
    + `${s.check.reportsReflagged} with changed flags`);
  const c = s.check.copyPass;
  lines.push(`  copies   national pass: ${c.signed} new narratives signed, ${c.compared} of ${c.candidates} new candidate pairs compared (${(c.ms / 1000).toFixed(1)} s)`);
  for (const p of s.check.failedPartitions) lines.push(`  check    not checked (flags kept as they were): ${p}`);
  const r = s.check.review;
  lines.push(`  review   ${r.raised} flags raised for the first time, ${r.reopened} decisions reopened (numbers or document changed), `
    + `${r.resolved} flags no longer raised`);
  lines.push(...countBlock('flags by rule', s.flagsByRule));
  lines.push(...countBlock('errors by site', s.errorsBySite));
  return lines.join('\n');
}

function countBlock(title: string, counts: Readonly<Record<string, number>>): string[] {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) return [`  ${title}: none`];
  const width = Math.max(...entries.map(([k]) => k.length));
  return [`  ${title}:`, ...entries.map(([k, v]) => `    ${k.padEnd(width)}  ${String(v).padStart(5)}`)];
}
