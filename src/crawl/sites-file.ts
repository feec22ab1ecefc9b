/**
 * Writing entries into the registry file (`config/sites.yaml`) without losing
 * what is there: comments and other entries stay, an entry with a known id is
 * updated in place (its hand-given lists and hints kept unless given anew),
 * new ones are appended. The result is parsed back before it is written.
 */
import fs from 'node:fs';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { parseSites, SitesFileError, type Site } from './sites.js';

/** The entry as a person would write it: defaults left out. */
export function entryOf(s: Site): Record<string, unknown> {
  const hints = Object.fromEntries(Object.entries(s.hints).filter(([k, v]) => !(k === 'list_style' && v === 'auto') && !(k === 'needs_browser' && v === false)));
  return {
    id: s.id, base_url: s.base_url, body: s.body,
    ...(s.region_code ? { region_code: s.region_code } : {}), ...(s.region_name ? { region_name: s.region_name } : {}), ...(s.level ? { level: s.level } : {}),
    ...(s.lists.length ? { lists: s.lists } : {}), ...(s.discover ? { discover: s.discover } : {}),
    ...(Object.keys(hints).length ? { hints } : {}),
  };
}

/** The sequence of entries in a registry document (a bare list, or under `sites:`), created if the file is empty. */
function entries(doc: Document): { path: (string | number)[]; count: number } {
  if (doc.contents === null) doc.contents = doc.createNode({ sites: [] }) as never;
  if (isSeq(doc.contents)) return { path: [], count: doc.contents.items.length };
  if (isMap(doc.contents)) {
    if (!doc.has('sites') || doc.get('sites') === null) doc.set('sites', doc.createNode([]));
    const seq = doc.get('sites');
    // Entries one under the other, whatever `sites: []` started as.
    if (isSeq(seq)) { seq.flow = false; return { path: ['sites'], count: seq.items.length }; }
  }
  throw new SitesFileError('not a list of sites (expected a list, or "sites:" with a list)');
}

/** Merges `sites` into the registry file; returns how many were added and updated. */
export function mergeIntoSitesFile(file: string, sites: readonly Site[]): { added: number; updated: number } {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const existing = text.trim() ? parseSites(text, file) : [];
  const doc = parseDocument(text || 'sites: []\n');
  let where: { path: (string | number)[]; count: number };
  try {
    where = entries(doc);
  } catch (err) {
    throw new SitesFileError(`${file}: ${(err as Error).message}`);
  }
  const index = new Map(existing.map((s, i) => [s.id, i]));
  let added = 0;
  let updated = 0;
  for (const s of sites) {
    const entry = entryOf(s);
    const i = index.get(s.id);
    if (i === undefined) {
      doc.addIn(where.path, doc.createNode(entry));
      index.set(s.id, where.count + added);
      added++;
      continue;
    }
    // Known id: its place, name and region are the import's; its lists, hints and finder settings stay unless given.
    for (const [k, v] of Object.entries(entry)) doc.setIn([...where.path, i, k], doc.createNode(v));
    updated++;
  }
  const out = doc.toString({ lineWidth: 0 });
  parseSites(out, file);
  fs.writeFileSync(file, out);
  return { added, updated };
}
