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

async function writeCsv(out: string, columns: readonly ExportColumn[], rows: readonly ExportRow[]): Promise<void> {
  const stream = fs.createWriteStream(out);
  const write = async (s: string) => { if (!stream.write(s)) await once(stream, 'drain'); };
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

async function writeXlsx(out: string, columns: readonly ExportColumn[], rows: readonly ExportRow[]): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: true, useStyles: true });
  const data = wb.addWorksheet('data', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.addRow(columns.map((c) => c.name)).commit();
  for (const r of rows) {
    const row = data.addRow(columns.map((c) => normalise(r[c.name], c.type)));
    row.commit();
  }
  data.commit();
  const dict = wb.addWorksheet('dictionary');
  const drows = dictionaryRows(columns);
  const keys = Object.keys(drows[0] ?? {});
  dict.addRow(keys).commit();
  for (const d of drows) dict.addRow(keys.map((k) => d[k])).commit();
  dict.commit();
  await wb.commit();
}

/** Writes the rows to `out` in the format, then the dictionary beside it; returns the dictionary's path. */
export async function writeExport(out: string, format: ExportFormat, columns: readonly ExportColumn[], rows: readonly ExportRow[]): Promise<string> {
  if (format === 'csv') await writeCsv(out, columns, rows);
  else if (format === 'parquet') await writeParquet(out, columns, rows);
  else await writeXlsx(out, columns, rows);
  const dict = dictionaryPath(out);
  fs.writeFileSync(dict, stringify(dictionaryRows(columns), { header: true }));
  return dict;
}
