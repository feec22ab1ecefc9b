import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import ExcelJS from 'exceljs';
import { runCli } from '../helpers/cli.js';
import { parseCsvObjects } from '../helpers/csv.js';
import { openStore } from '../../src/store/open-store.js';
import { ALL_KEYS, wideColumn } from '../../src/template/keys.js';
import { BODIES, loadResearchFixture, reportKey, type LoadedFixture } from '../helpers/research-fixture.js';

describe('nianbao export on a loaded database', () => {
  let dir: string;
  let fixture: LoadedFixture;
  /** report id → key → value as stored (absent keys are not in the map). */
  let stored: Map<number, Map<string, number | null>>;
  const dbDir = () => path.join(dir, 'db');
  const env = () => ({ NIANBAO_DB: dbDir(), DATABASE_URL: '' });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-export-'));
    const store = await openStore({ dbPath: dbDir() });
    fixture = await loadResearchFixture(store.db);
    stored = new Map();
    for (const c of await store.db.selectFrom('report_cells').select(['report_id', 'key', 'value']).execute()) {
      if (!stored.has(c.report_id)) stored.set(c.report_id, new Map());
      stored.get(c.report_id)!.set(c.key, c.value);
    }
    await store.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes CSV whose every cell matches the database, blanks left empty, with a dictionary beside it', async () => {
    const out = path.join(dir, 'zj-2023.csv');
    const r = await runCli(['export', '--year', '2023', '--region', '330000', '--format', 'csv', '--out', out], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote 7 reports × `);
    const rows = parseCsvObjects(fs.readFileSync(out, 'utf8'));
    expect(rows.map((x) => x.body).sort()).toEqual(
      [BODIES.xihu, BODIES.yuhang, BODIES.chunan, BODIES.haishu, BODIES.xihuEdu, BODIES.lucheng, BODIES.hangzhou].map((b) => b.name).sort());
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(ALL_KEYS.map(wideColumn)));
    let compared = 0;
    for (const row of rows) {
      const cells = stored.get(Number(row.report_id))!;
      for (const key of ALL_KEYS) {
        const v = cells.get(key);
        expect(row[wideColumn(key)], `${row.body} ${key}`).toBe(v === null || v === undefined ? '' : String(v));
        compared++;
      }
    }
    expect(compared).toBe(7 * ALL_KEYS.length);
    // 西湖区: the newer document version (120 applications), not the superseded one (100).
    const xihu = rows.find((x) => x.body === BODIES.xihu.name)!;
    expect([xihu.report_id, xihu.document_version, xihu['app.new_received.total'], xihu.grant_rate])
      .toEqual([String(fixture.reports.get(reportKey('xihu', 2023))), '2', '120', '0.6']);
    // 鹿城区: 予以公开 blank, 收费金额 not printed: both empty, never 0; no 实质公开率.
    const lucheng = rows.find((x) => x.body === BODIES.lucheng.name)!;
    expect([lucheng['app.granted.total'], lucheng['active.fees.amount'], lucheng['app.partially_granted.total'], lucheng.grant_rate])
      .toEqual(['', '', '30', '']);
    expect([lucheng.flag_count, lucheng.flag_errors, lucheng.flag_rules, lucheng.completeness]).toEqual(['1', '0', 'identity.b.outcomes', '0.955']);

    const dict = parseCsvObjects(fs.readFileSync(path.join(dir, 'zj-2023.dictionary.csv'), 'utf8'));
    expect(dict.map((d) => d.column)).toEqual(Object.keys(rows[0]!));
    expect(dict.find((d) => d.column === 'app.granted.total')).toMatchObject({
      key: 'applications.granted.total', table: 'B', label: '三、本年度办理结果 （一）予以公开 / 总计', templates: '2019 2021',
    });
    expect(dict.find((d) => d.column === 'active.procurement.amount')).toMatchObject({ label: '政府集中采购 / 采购总金额', templates: '2019' });
    expect(dict.find((d) => d.column === 'grant_rate')!.label).toBe('实质公开率');
  });

  it('writes Parquet that a reader reads back with types and nulls intact', async () => {
    const out = path.join(dir, 'all-2023.parquet');
    const r = await runCli(['export', '--year', '2023', '--format', 'parquet', '--out', out], { env: env() });
    expect(r.code).toBe(0);
    const file = await asyncBufferFromFile(out);
    const rows = await parquetReadObjects({ file }) as Record<string, unknown>[];
    expect(rows).toHaveLength(10); // 7 in 浙江, 3 in 甘肃
    const hezuo = rows.find((x) => x.body === BODIES.hezuo.name)!;
    expect(hezuo).toMatchObject({
      year: 2023, template: '2021', layout: '2021',
      'app.granted.total': 6, 'app.total.total': 0, grant_rate: null, // 6 / 0: no rate
      'review.upheld': 9, 'review.other': 2, 'review.total': 11,
      flag_count: 2, flag_errors: 1, flag_warnings: 1, flag_rules: 'identity.b.outcomes;narrative.repealed',
    });
    expect(hezuo.fetched_at).toBeInstanceOf(Date);
    const lintan = rows.find((x) => x.body === BODIES.lintan.name)!;
    // One-row （六）: the single row is stated, the three 2021 sub-rows are absent (null), and it is complete.
    expect(lintan).toMatchObject({ layout: '2021-one-row', 'app.other.total': 5, 'app.other_other.total': null, completeness: 1 });
    expect(lintan.grant_rate as number).toBeCloseTo(25 / 35, 12);
    const md = await parquetMetadataAsync(file);
    const dict = JSON.parse(md.key_value_metadata!.find((k) => k.key === 'nianbao.dictionary')!.value!);
    expect(dict.find((d: any) => d.column === 'review.corrected').label).toBe('行政复议 / 结果纠正');
    expect(fs.existsSync(path.join(dir, 'all-2023.dictionary.csv'))).toBe(true);
  });

  it('writes XLSX with a data sheet and a dictionary sheet, every year when none is given', async () => {
    const out = path.join(dir, 'gannan.xlsx');
    const r = await runCli(['export', '--region', '甘南藏族自治州', '--format', 'xlsx', '--out', out], { env: env() });
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['data', 'dictionary']);
    const ws = wb.getWorksheet('data')!;
    // Two header rows: Chinese labels for people, column names for programs; the filter sits on the second.
    const zh = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const header = (ws.getRow(2).values as unknown[]).slice(1) as string[];
    expect(zh.slice(0, 4)).toEqual(['报告编号', '机关编号', '机关名称', '机关类别']);
    expect(zh[header.indexOf('grant_rate')]).toBe('实质公开率');
    expect(zh[header.indexOf('active.fees.amount')]).toMatch(/收费金额.*万元/);
    expect(String(ws.autoFilter)).toMatch(/^A2:[A-Z]+2$/);
    const rows = [] as Record<string, unknown>[];
    for (let i = 3; i <= ws.rowCount; i++) {
      const v = ws.getRow(i).values as unknown[];
      rows.push(Object.fromEntries(header.map((h, j) => [h, v[j + 1] ?? null])));
    }
    expect(rows.map((x) => `${x.body} ${x.year}`)).toEqual([
      `${BODIES.gannan.name} 2023`,
      `${BODIES.hezuo.name} 2020`, `${BODIES.hezuo.name} 2022`, `${BODIES.hezuo.name} 2023`,
      `${BODIES.lintan.name} 2023`,
    ]);
    const h2020 = rows[1]!;
    expect(h2020).toMatchObject({ template: '2019', layout: '2019', 'active.procurement.amount': 152.79, 'active.licensing.change': -3 });
    expect(h2020['active.regulations.issued']).toBeNull(); // a 2021 cell: not in a 2019 report
    const dictSheet = wb.getWorksheet('dictionary')!;
    expect(dictSheet.rowCount).toBe(header.length + 1);
    // Rates as percentages, money with decimals, fetch times as full date-times; the money unit beside them.
    const cell = (row: number, name: string) => ws.getRow(row).getCell(header.indexOf(name) + 1);
    const lintanRow = 3 + rows.findIndex((x) => x.body === BODIES.lintan.name);
    expect(cell(lintanRow, 'grant_rate').numFmt).toBe('0.0%');
    expect(cell(lintanRow, 'grant_rate').value as number).toBeCloseTo(25 / 35, 12);
    expect(cell(lintanRow, 'active.fees.amount').numFmt).toBe('#,##0.00');
    expect(cell(lintanRow, 'fetched_at').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(cell(lintanRow, 'fetched_at').value).toBeInstanceOf(Date);
    expect(header).toContain('money_unit');
    expect(ws.getColumn(header.indexOf('body') + 1).width).toBeGreaterThanOrEqual(14);
  });

  it('names the file after the year when --out is not given, and rejects an unknown format', async () => {
    const r = await runCli(['export', '--year', '2022'], { env: env(), cwd: dir });
    expect(r.code).toBe(0);
    const rows = parseCsvObjects(fs.readFileSync(path.join(dir, 'nianbao-2022.csv'), 'utf8'));
    expect(rows.map((x) => [x.body, x['app.new_received.total']]).sort()).toEqual([
      [BODIES.hezuo.name, '4'], [BODIES.yuhang.name, '160'], [BODIES.xihu.name, '100'],
    ].sort());
    const bad = await runCli(['export', '--format', 'json'], { env: env(), cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('nianbao: --format must be one of csv, parquet, xlsx, got "json"\n');
  });

  it('writes a CSV with a BOM when asked, and a long export with one row per body, year and key', async () => {
    const out = path.join(dir, 'bom.csv');
    const r = await runCli(['export', '--year', '2023', '--region', '620000', '--bom', '--out', out], { env: env() });
    expect(r.code).toBe(0);
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const plain = path.join(dir, 'plain.csv');
    await runCli(['export', '--year', '2023', '--region', '620000', '--out', plain], { env: env() });
    expect(fs.readFileSync(plain)[0]).toBe('r'.charCodeAt(0));

    const long = path.join(dir, 'long.csv');
    const l = await runCli(['export', '--year', '2023', '--region', '623001', '--long', '--out', long], { env: env() });
    expect(l.code).toBe(0);
    const rows = parseCsvObjects(fs.readFileSync(long, 'utf8'));
    const cells = stored.get(fixture.reports.get(reportKey('hezuo', 2023))!)!;
    expect(rows).toHaveLength(cells.size);
    for (const row of rows) {
      const v = cells.get(row.key!);
      expect(row.value, row.key).toBe(v === null || v === undefined ? '' : String(v));
      expect(row.body).toBe(BODIES.hezuo.name);
    }
    expect(rows.find((x) => x.key === 'applications.granted.total')).toMatchObject({ table_id: 'B', label: '三、本年度办理结果 （一）予以公开 / 总计', level: '县' });
  });
});
