/** `sites import`: CSVs of portals as people write them, joined with the division data. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSites } from '../../src/crawl/site-import.js';
import { mergeIntoSitesFile } from '../../src/crawl/sites-file.js';
import { loadSites } from '../../src/crawl/sites.js';

describe('importSites', () => {
  it('reads code, name and URL under English or Chinese headers, or none, and fills in region name and level', () => {
    const variants = [
      'region_code,name,portal_url\n330282,慈溪市人民政府,http://www.cixi.gov.cn/\n621124,临洮县,www.lintao.gov.cn\n',
      '\ufeff行政区划代码,名称,网址\n330282,慈溪市人民政府,http://www.cixi.gov.cn/\n621124,临洮县,www.lintao.gov.cn\n',
      '330282,慈溪市人民政府,http://www.cixi.gov.cn/\n621124,"临洮县",www.lintao.gov.cn\n',
      'url,code,name,note\nhttp://www.cixi.gov.cn/,330282,慈溪市人民政府,"门户, 含子站"\nwww.lintao.gov.cn,621124,临洮县,\n',
    ];
    for (const csv of variants) {
      const { sites, problems } = importSites(csv, 'portals.csv');
      expect(problems, csv).toEqual([]);
      expect(sites.map((s) => [s.id, s.base_url, s.body, s.region_name, s.level, s.lists])).toEqual([
        ['gov-330282', 'http://www.cixi.gov.cn/', '慈溪市人民政府', '慈溪市', '县', []],
        ['gov-621124', 'http://www.lintao.gov.cn/', '临洮县人民政府', '临洮县', '县', []],
      ]);
    }
  });

  it('names each bad line and keeps the good ones', () => {
    const csv = 'region_code,name,portal_url\n330282,慈溪市人民政府,http://www.cixi.gov.cn/\n33028,短码县,http://a.gov.cn/\n'
      + '999999,无此县,http://b.gov.cn/\n621124,临洮县,\n621124,临洮县,ftp://x.gov.cn/\n620102,城关区人民政府,http://cg.gov.cn/\n';
    const { sites, problems } = importSites(csv, 'p.csv');
    expect(sites.map((s) => s.id)).toEqual(['gov-330282', 'gov-620102']);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(problems[0]!.message).toMatch(/^p\.csv:3: region code "33028"/);
    expect(problems[1]!.message).toMatch(/999999 is not in the division data/);
    expect(problems[2]!.message).toMatch(/no portal URL/);
    expect(problems[3]!.message).toMatch(/not an http\(s\) URL/);
  });

  it('gives portals of one region distinct ids, and takes ids and lists when given', () => {
    const { sites } = importSites('code,name,url,id,lists\n621124,临洮县人民政府,http://a.gov.cn/,,\n621124,临洮县教育局,http://jy.a.gov.cn/,,\n'
      + '621124,临洮县卫健局,http://wj.a.gov.cn/,lt-wjj,http://wj.a.gov.cn/nb/;http://wj.a.gov.cn/nb2/\n');
    expect(sites.map((s) => [s.id, s.body, s.lists.length])).toEqual([['gov-621124', '临洮县人民政府', 0], ['gov-621124-2', '临洮县教育局', 0], ['lt-wjj', '临洮县卫健局', 2]]);
  });

  it('merges into a registry file: new entries appended, known ids updated, comments and lists kept', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb-import-'));
    const file = path.join(dir, 'sites.yaml');
    fs.writeFileSync(file, '# our registry\nsites:\n  - id: gov-330282\n    base_url: http://old.cixi.gov.cn/\n    body: 慈溪市人民政府\n    lists:\n      - http://old.cixi.gov.cn/nb/\n');
    const { sites } = importSites('330282,慈溪市人民政府,http://www.cixi.gov.cn/\n621124,临洮县,www.lintao.gov.cn\n');
    expect(mergeIntoSitesFile(file, sites)).toEqual({ added: 1, updated: 1 });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^# our registry/);
    const back = loadSites(file);
    expect(back.map((s) => [s.id, s.base_url, s.lists, s.region_name])).toEqual([
      ['gov-330282', 'http://www.cixi.gov.cn/', ['http://old.cixi.gov.cn/nb/'], '慈溪市'],
      ['gov-621124', 'http://www.lintao.gov.cn/', [], '临洮县'],
    ]);
    const empty = path.join(dir, 'new.yaml');
    mergeIntoSitesFile(empty, sites);
    expect(fs.readFileSync(empty, 'utf8')).toMatch(/^sites:\n {2}- id: gov-330282\n/);
  });
});
