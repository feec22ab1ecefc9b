/**
 * `nianbao review list|show|confirm|dismiss|reopen|correct|history`: the
 * reviewer's work for scripts. Who acts is `--as NAME` or $NIANBAO_USER (an
 * account of `nianbao users`); their role and regions apply as on the web.
 * Items: `F12` (or `12`) is flag 12, `C3` is correction 3.
 */
import { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { withStore } from '../context.js';
import { UserError } from '../errors.js';
import { intOption } from '../options.js';
import { formatCsv, formatJsonLines, formatTable } from '../output.js';
import { cliOrigin } from './users.js';
import { userByName, toActor } from '../../store/users.js';
import type { Actor } from '../../auth/roles.js';
import { checkReports } from '../../check/index.js';
import { resolveRegion } from '../../research/region.js';
import { actOnFlag, confirmCorrection, correctCell, withdrawCorrection, type ReviewContext } from '../../review/actions.js';
import { reviewQueue, type QueueItem } from '../../review/queue.js';
import { correctionDetail, flagDetail, itemLabel, parseItemRef, type ItemRef } from '../../review/detail.js';
import { describeChanges, DISMISS_REASONS, FLAG_STATES, isDismissReason, type FlagState, type FlagChanges } from '../../review/flag-lifecycle.js';
import { auditEntries } from '../../store/audit.js';

async function actorNamed(db: Kysely<Database>, name: string | undefined): Promise<Actor> {
  const n = name ?? process.env.NIANBAO_USER;
  if (!n) throw new UserError('who is reviewing? pass --as NAME or set NIANBAO_USER (accounts: nianbao users list)');
  const u = await userByName(db, n);
  if (!u) throw new UserError(`no user "${n}" (accounts: nianbao users list)`);
  if (u.disabled_at !== null) throw new UserError(`user "${n}" is disabled`);
  return toActor(u);
}

const context = async (db: Kysely<Database>, as: string | undefined): Promise<ReviewContext> =>
  ({ db, actor: await actorNamed(db, as), origin: cliOrigin(), check: checkReports });

const print = (json: boolean | undefined, value: unknown, text: string) =>
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);

const queueRow = (q: QueueItem) => ({
  item: itemLabel(q), severity: q.severity, state: q.state, region: q.regionCode, body: q.body, year: q.year,
  rule: q.rule ?? `correction ${q.key}`, message: q.message, since: q.since, changes: q.changes || null, report_id: q.reportId,
});

interface ListOptions { state: string; rule?: string; region?: string; year?: string; report?: string; limit: string; as?: string; json?: boolean; csv?: boolean }

async function list(db: Kysely<Database>, o: ListOptions): Promise<void> {
  const states: FlagState[] = o.state === 'all' ? [...FLAG_STATES] : o.state.split(',').map((s) => {
    if (!(FLAG_STATES as readonly string[]).includes(s)) throw new UserError(`--state expects ${FLAG_STATES.join(', ')} or all, got "${s}"`);
    return s as FlagState;
  });
  const region = o.region === undefined ? undefined : resolveRegion(o.region);
  if (region && !region.ok) throw new UserError(region.error);
  // A named reviewer sees their regions only.
  const scope = o.as || process.env.NIANBAO_USER ? (await actorNamed(db, o.as)).regions : null;
  const items = await reviewQueue(db, {
    states, scope, region: region?.ok ? region.prefix : undefined, rule: o.rule,
    year: o.year === undefined ? undefined : intOption('year', o.year, 1990, 2100),
    reportId: o.report === undefined ? undefined : intOption('report', o.report, 1),
    limit: intOption('limit', o.limit, 1),
  });
  const rows = items.map(queueRow);
  if (o.csv) process.stdout.write(formatCsv(rows));
  else if (o.json) process.stdout.write(rows.length ? `${formatJsonLines(rows)}\n` : '');
  else process.stdout.write(`${formatTable(rows.map(({ report_id: _r, changes: _c, ...r }) => r))}\n`);
}

async function show(db: Kysely<Database>, ref: ItemRef, json?: boolean): Promise<void> {
  if (ref.kind === 'flag') {
    const d = await flagDetail(db, ref.id);
    const s = d.state;
    const lines = [
      `${itemLabel(ref)}  ${s.severity} ${s.rule}  ${s.state}${s.reason ? ` (${s.reason})` : ''}${s.decided_by ? ` by ${s.decided_by} ${s.decided_at?.toISOString()}` : ''}`,
      `  ${s.message}`,
      `  report ${d.report.report_id}: ${d.report.body ?? '?'} ${d.report.region_code ?? ''} ${d.report.year ?? ''}, ${d.report.url} v${d.report.document_version}`,
      `  cells: ${Object.entries(s.cells).map(([k, v]) => `${k}=${v ?? 'blank'}`).join(' ')}`,
      ...(s.note ? [`  note: ${s.note}`] : []),
    ];
    print(json, d, lines.join('\n'));
    return;
  }
  const d = await correctionDetail(db, ref.id);
  const c = d.correction;
  print(json, d, [
    `${itemLabel(ref)}  ${c.key} = ${c.value ?? 'blank'} (extracted ${c.extracted_stated ? c.extracted_value ?? 'blank' : 'absent'})  ${d.status}`,
    `  by ${c.created_by} ${c.created_at.toISOString()}: ${c.reason}`,
    `  source: ${c.source}`,
    `  report ${d.report.report_id}: ${d.report.body ?? '?'} ${d.report.year ?? ''}, ${d.report.url} v${d.report.document_version}; live report ${d.liveReportId ?? 'none'}`,
  ].join('\n'));
}

async function history(db: Kysely<Database>, ref: ItemRef | null, limit: number, json?: boolean): Promise<void> {
  let rows: Record<string, unknown>[];
  if (ref === null) {
    rows = (await auditEntries(db, { limit })).map((a) => ({ at: a.at, actor: a.actor, action: a.action, target: a.target, origin: a.origin, detail: a.detail }));
  } else if (ref.kind === 'flag') {
    rows = (await flagDetail(db, ref.id)).events.map((e) => ({
      at: e.at, actor: e.actor ?? '(run)', from: e.from_state, to: e.to_state, reason: e.reason, note: e.note,
      changes: describeChanges(e.changes as FlagChanges | null) || null, report_id: e.report_id,
    }));
  } else {
    rows = (await correctionDetail(db, ref.id)).chain.flatMap((c) => [
      { at: c.created_at, actor: c.created_by, event: `C${c.id} ${c.key} = ${c.value ?? 'blank'} on document ${c.document_id}`, note: c.reason },
      ...(c.closed_at ? [{ at: c.closed_at, actor: c.closed_by, event: `C${c.id} ${c.state}`, note: c.closed_note }] : []),
    ]);
  }
  process.stdout.write(json ? (rows.length ? `${formatJsonLines(rows)}\n` : '') : `${formatTable(rows.map(({ detail: _d, ...r }) => r))}\n`);
}

export function registerReview(program: Command): void {
  const review = program.command('review').description('review flags and correct cells (who acts: --as NAME or $NIANBAO_USER)');
  const asOption = (c: Command) => c.option('--as <name>', 'the account acting (default $NIANBAO_USER)');

  asOption(review.command('list'))
    .description('the review queue: open flags and corrections waiting on a new document version, by severity, region and age')
    .option('--state <states>', `flag states, comma-separated: ${FLAG_STATES.join(', ')} or all`, 'open')
    .option('--rule <prefix>', 'rule id or family prefix')
    .option('--region <code|name>', 'GB/T 2260 region code or name')
    .option('--year <year>', 'report year')
    .option('--report <id>', 'one report')
    .option('--limit <n>', 'at most n items', '500')
    .option('--json', 'one JSON object per item')
    .option('--csv', 'CSV')
    .action((o: ListOptions, cmd: Command) => withStore(cmd, (store) => list(store.db, o)));

  review.command('show').argument('<item>', 'F12 (a flag) or C3 (a correction)').option('--json', 'as JSON')
    .description('one flag or correction in full')
    .action((item: string, o: { json?: boolean }, cmd: Command) => withStore(cmd, (store) => show(store.db, parseItemRef(item), o.json)));

  asOption(review.command('confirm')).argument('<item>', 'F12 or C3').option('--note <text>', 'why').option('--json', 'print the result as JSON')
    .description('a flag: the report really is inconsistent · a correction waiting on a new version: carry it over')
    .action((item: string, o: { note?: string; as?: string; json?: boolean }, cmd: Command) => withStore(cmd, async (store) => {
      const ref = parseItemRef(item);
      const ctx = await context(store.db, o.as);
      if (ref.kind === 'flag') {
        const r = await actOnFlag(ctx, ref.id, { kind: 'confirm', note: o.note });
        print(o.json, r, `${itemLabel(ref)} ${r.unchanged ? 'already ' : ''}confirmed`);
      } else {
        const r = await confirmCorrection(ctx, ref.id, o.note ?? null);
        print(o.json, r, `C${ref.id} carried over as C${r.correction.id} to report ${r.correction.report_id}; ${r.recheck.resolved} flag(s) resolved`);
      }
    }));

  asOption(review.command('dismiss')).argument('<item>', 'F12 or C3')
    .option('--reason <reason>', `why (a flag): ${DISMISS_REASONS.map((r) => r.id).join(', ')}`)
    .option('--note <text>', 'more words (needed with --reason other)').option('--json', 'print the result as JSON')
    .description('a flag: not a real inconsistency (with a reason) · a correction: withdraw it')
    .action((item: string, o: { reason?: string; note?: string; as?: string; json?: boolean }, cmd: Command) => withStore(cmd, async (store) => {
      const ref = parseItemRef(item);
      const ctx = await context(store.db, o.as);
      if (ref.kind === 'flag') {
        if (!o.reason || !isDismissReason(o.reason)) throw new UserError(`--reason must be one of ${DISMISS_REASONS.map((r) => r.id).join(', ')}`);
        const r = await actOnFlag(ctx, ref.id, { kind: 'dismiss', reason: o.reason, note: o.note });
        print(o.json, r, `${itemLabel(ref)} ${r.unchanged ? 'already ' : ''}dismissed (${o.reason})`);
      } else {
        const r = await withdrawCorrection(ctx, ref.id, o.note ?? null);
        print(o.json, r, `C${ref.id} withdrawn; the extracted value counts again`);
      }
    }));

  asOption(review.command('reopen')).argument('<item>', 'F12').option('--note <text>', 'why').option('--json', 'print the result as JSON')
    .description('undo a confirm or dismiss: the flag is open again')
    .action((item: string, o: { note?: string; as?: string; json?: boolean }, cmd: Command) => withStore(cmd, async (store) => {
      const ref = parseItemRef(item);
      if (ref.kind !== 'flag') throw new UserError('only flags reopen; to replace a correction, correct the cell again');
      const r = await actOnFlag(await context(store.db, o.as), ref.id, { kind: 'reopen', note: o.note });
      print(o.json, r, `${itemLabel(ref)} open`);
    }));

  asOption(review.command('correct'))
    .argument('<report>', 'report id (live)').argument('<key>', 'canonical key, e.g. applications.granted.total')
    .argument('<value>', 'the value the page prints, or "blank"')
    .requiredOption('--reason <text>', 'what the extraction got wrong')
    .requiredOption('--source <text>', 'where the page prints it, e.g. "page 3, table 三, row （一）予以公开"')
    .option('--json', 'print the result as JSON')
    .description('correct one cell; stored beside the extracted value, re-checked at once')
    .action((report: string, key: string, value: string, o: { reason: string; source: string; as?: string; json?: boolean }, cmd: Command) =>
      withStore(cmd, async (store) => {
        const r = await correctCell(await context(store.db, o.as), { reportId: intOption('report', report, 1), key, value, reason: o.reason, source: o.source });
        const c = r.correction;
        print(o.json, r, `C${c.id}: ${key} = ${c.value ?? 'blank'} (extracted ${c.extracted_stated ? c.extracted_value ?? 'blank' : 'absent'}); `
          + `${r.recheck.resolved} flag(s) resolved, ${r.recheck.raised} raised, ${r.recheck.reopened} reopened`);
      }));

  review.command('history').argument('[item]', 'F12 or C3; without it, the latest entries of the audit log')
    .option('--limit <n>', 'at most n audit entries', '50').option('--json', 'one JSON object per entry')
    .description('every state change of a flag, the chain of a correction, or the audit log')
    .action((item: string | undefined, o: { limit: string; json?: boolean }, cmd: Command) => withStore(cmd, (store) =>
      history(store.db, item === undefined ? null : parseItemRef(item), intOption('limit', o.limit, 1), o.json)));
}
