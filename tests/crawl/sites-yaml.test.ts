/**
 * Every kind of bad registry YAML is a FILE:LINE error naming the problem (never
 * "internal error"), found fast and with bounded memory: alias bombs, dangling
 * aliases, deep nesting, tags, several documents, bad encodings, huge files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSites, parseSites, SitesFileError, MAX_REGISTRY_BYTES } from '../../src/crawl/sites.js';
import { runCli } from '../helpers/cli.js';

const site = (id: string, extra = '') => `- id: ${id}\n  base_url: http://${id}.test/\n  body: 某县人民政府\n  lists: [http://${id}.test/nb/]\n${extra}`;
// Nine levels of nine aliases: 9^6 nodes once expanded.
const BOMB = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdef'.split('').map((x, i) => `${x}: &${x} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`), 'sites: *f'].join('\n');

const CASES: readonly (readonly [string, string, RegExp])[] = [
  ['alias bomb', BOMB, /^s\.yaml:2: YAML aliases expand to more than 20000 nodes: refused \(an alias bomb\?\)$/],
  ['alias to no anchor', `${site('a')}${site('b')}  hints: *nope\n`, /^s\.yaml:9: YAML alias \*nope names no anchor/],
  ['tab indentation', `${site('a')}\t- id: c\n`, /^s\.yaml:5: YAML syntax error: Tabs are not allowed/],
  ['duplicate key', '- id: a\n  id: b\n', /^s\.yaml:2: YAML syntax error: Map keys must be unique/],
  ['two documents', `${site('a')}---\n${site('b')}`, /^s\.yaml:5: YAML syntax error: more than one YAML document/],
  ['unknown tag', `- !!js/function "function(){}"\n`, /^s\.yaml:1: YAML problem: Unresolved tag/],
  ['custom tag', `${site('a')}- !site {id: b}\n`, /^s\.yaml:5: YAML problem: Unresolved tag: !site/],
  ['unclosed quote', `${site('a')}- id: "b\n`, /^s\.yaml:6: YAML syntax error: Missing closing "quote/],
  ['bad indentation', '- id: a\n base_url: x\n', /^s\.yaml:2: YAML syntax error/],
  ['deep flow nesting', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, /^s\.yaml:1: YAML syntax error: nested too deeply$/],
  ['unsupported version', `%YAML 9.9\n---\n${site('a')}`, /^s\.yaml:1: YAML problem: Unsupported YAML version 9\.9$/],
  ['number out of range', site('a', '  hints: {min_interval_ms: 1e400}\n'), /^s\.yaml:5: site "a": hints\.min_interval_ms: /],
  ['not a list', 'hello', /^s\.yaml:1: expected a list of sites/],
];

describe('registry YAML errors', () => {
  for (const [name, text, expected] of CASES) {
    it(`${name}: FILE:LINE and the problem`, () => {
      const t0 = performance.now();
      expect(() => parseSites(text, 's.yaml')).toThrow(SitesFileError);
      expect(() => parseSites(text, 's.yaml')).toThrow(expected);
      expect(performance.now() - t0).toBeLessThan(10_000);
    });
  }

  it('takes a UTF-8 BOM and merge keys (`<<: *defaults`), shared by thousands of sites', () => {
    const defaults = 'defaults: &d\n  body: 某县人民政府\n  hints: {min_interval_ms: 2000}\nsites:\n';
    const many = Array.from({ length: 3000 }, (_, i) => `  - <<: *d\n    id: s${i}\n    base_url: http://s${i}.test/\n    lists: [http://s${i}.test/nb/]\n`).join('');
    const sites = parseSites(`\ufeff${defaults}${many}`, 's.yaml');
    expect(sites).toHaveLength(3000);
    expect(sites[2999]).toMatchObject({ id: 's2999', body: '某县人民政府', hints: { min_interval_ms: 2000 } });
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-sites-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a registry saved as GBK is refused at its first non-UTF-8 line', () => {
    const file = path.join(dir, 'gbk.yaml');
    fs.writeFileSync(file, Buffer.concat([Buffer.from(site('a')), iconv.encode(site('b').replace('某县', '甲县'), 'gbk')]));
    expect(() => loadSites(file)).toThrow(new RegExp(`^${file}:7: not UTF-8 text \\(save the registry as UTF-8\\)$`));
  });

  it('a file larger than any registry is refused before it is read', () => {
    const file = path.join(dir, 'huge.yaml');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, MAX_REGISTRY_BYTES + 1);
    expect(() => loadSites(file)).toThrow(/^cannot read site registry .*huge\.yaml: 16 MB is larger than a site registry may be \(16 MB\)$/);
  });

  it('nianbao run with an alias bomb: a one-line usage error with the line, exit 2, nothing touched', async () => {
    const file = path.join(dir, 'bomb.yaml');
    fs.writeFileSync(file, BOMB);
    const r = await runCli(['--db', path.join(dir, 'db'), 'run', '--sites', file, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`nianbao: ${file}:2: YAML aliases expand to more than 20000 nodes: refused (an alias bomb?)\n`);
    expect(fs.existsSync(path.join(dir, 'db'))).toBe(false);
  }, 60_000);
});
