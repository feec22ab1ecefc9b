/**
 * Writing a wide export as CSV, Parquet or XLSX, and its data dictionary (CSV)
 * beside it. Empty cells stay empty (null), never 0, in every format.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
// exceljs and hyparquet-writer are loaded when their format is asked for: every CLI call imports this module.
import type { ColumnSource } from 'hyparquet-writer';
import { dictionaryRows, type ColumnType, type ExportColumn } from './export-columns.js';
import type { ExportRow } from './export-query.js';

export const EXPORT_FORMATS = ['csv', 'parquet', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The dictionary's path beside an export: `x.parquet` → `x.dictionary.csv`. */
export const dictionaryPath = (out: string): string => `${out.replace(/\.(csv|parquet|xlsx)$/i, '')}.dictionary.csv`;

type Value = string | number | Date | null;

function normalise(v: unknown, type: ColumnType): Value {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'integer':
    case 'number': return typeof v === 'number' ? v : Number(v);
    case 'timestamp': return v instanceof Date ? v : new Date(String(v));
    case 'string': return v instanceof Date ? v.toISOString() : String(v);
  }
}

const csvText = (v: Value): string => (v === null ? '' : v instanceof Date ? v.toISOString() : String(v));

export interface WriteOptions {
  /** CSV: start with a UTF-8 byte order mark, so Excel on Chinese Windows reads UTF-8 rather than GBK. */
  readonly bom?: boolean;
}

async function writeCsv(out: string, columns: readonly ExportColumn[], rows: readonly ExportRow[], opts: WriteOptions): Promise<void> {
  const stream = fs.createWriteStream(out);
  const write = async (s: string) => { if (!stream.write(s)) await once(stream, 'drain'); };
  if (opts.bom) await write('\ufeff');
  await write(stringify([columns.map((c) => c.name)]));
  // Chunks keep memory flat for national exports.
  for (let i = 0; i < rows.length; i += 500) {
    await write(stringify(rows.slice(i, i + 500).map((r) => columns.map((c) => csvText(normalise(r[c.name], c.type))))));
  }
  stream.end();
  await once(stream, 'finish');
}

const PARQUET_TYPE: Record<ColumnType, ColumnSource['type']> = {
  string: 'STRING', integer: 'INT32', number: 'DOUBLE', timestamp: 'TIMESTAMP',
};

async function writeParquet(out: string, columns: readonly ExportColumn[], rows: readonly ExportRow[]): Promise<void> {
  const { parquetWriteFile } = await import('hyparquet-writer');
  parquetWriteFile({
    filename: out,
    columnData: columns.map((c) => ({
      name: c.name, type: PARQUET_TYPE[c.type], nullable: true,
      data: rows.map((r) => normalise(r[c.name], c.type)),
    })),
    kvMetadata: [{ key: 'nianbao.dictionary', value: JSON.stringify(dictionaryRows(columns)) }],
    createdBy: 'nianbao export',
  });
}

/** Excel number formats by column: rates as percentages, money with two decimals, timestamps to the second. */
function numFmt(c: ExportColumn): string | undefined {
  if (c.format === 'percent') return '0.0%';
  if (c.format === 'money') return '#,##0.00';
  if (c.type === 'timestamp') return 'yyyy-mm-dd hh:mm:ss';
  if (c.type === 'integer') return '0';
  return undefined;
}

/** A column wide enough for its header and typical values (CJK characters count double). */
const widthOf = (c: ExportColumn): number => {
  const w = (s: string) => [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const base = c.type === 'timestamp' ? 20 : c.type === 'string' ? 14 : 10;
  return Math.min(48, Math.max(base, w(c.name) + 2, Math.min(w(c.label), 30) + 2));
};

/**
 * Two header rows (the Chinese label, then the column name programs use), frozen;
 * an autofilter on the second; widths; number formats. Timestamps are written as
 * Excel date-times in UTC. The dictionary sheet describes every column.
 */
async function writeXlsx(out: string, columns: readonly ExportColumn[], rows: readonly ExportRow[]): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: true, useStyles: true });
  const data = wb.addWorksheet('data', { views: [{ state: 'frozen', ySplit: 2 }] });
  data.columns = columns.map((c) => ({ key: c.name, width: widthOf(c), ...(numFmt(c) ? { style: { numFmt: numFmt(c)! } } : {}) }));
  data.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: columns.length } };
  const zh = data.addRow(columns.map((c) => (c.format === 'money' ? `${c.label}（万元/元，见金额单位）` : c.label)));
  const en = data.addRow(columns.map((c) => c.name));
  for (const r of [zh, en]) { r.font = { bold: true }; r.eachCell((cell) => { cell.numFmt = '@'; }); r.commit(); }
  for (const r of rows) data.addRow(columns.map((c) => normalise(r[c.name], c.type))).commit();
  data.commit();
  const dict = wb.addWorksheet('dictionary', { views: [{ state: 'frozen', ySplit: 1 }] });
  const drows = dictionaryRows(columns);
  const keys = Object.keys(drows[0] ?? {});
  dict.columns = keys.map((k) => ({ key: k, width: k === 'description' ? 80 : k === 'label' ? 40 : 24 }));
  dict.addRow(keys).commit();
  for (const d of drows) dict.addRow(keys.map((k) => d[k])).commit();
  dict.commit();
  await wb.commit();
}

/** Writes the rows to `out` in the format, then the dictionary beside it; returns the dictionary's path. */
export async function writeExport(out: string, format: ExportFormat, columns: readonly ExportColumn[], rows: readonly ExportRow[], opts: WriteOptions = {}): Promise<string> {
  if (format === 'csv') await writeCsv(out, columns, rows, opts);
  else if (format === 'parquet') await writeParquet(out, columns, rows);
  else await writeXlsx(out, columns, rows);
  const dict = dictionaryPath(out);
  fs.writeFileSync(dict, stringify(dictionaryRows(columns), { header: true }));
  return dict;
}
