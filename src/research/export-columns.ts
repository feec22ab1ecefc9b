/**
 * The columns of a wide export and their data dictionary: report and body
 * facts, flag counts, the metrics, then one column per canonical key (named as
 * in `cells_wide`, see `wideColumn`) with its Chinese label from the template.
 */
import { ALL_KEYS, KEY_INFO, wideColumn } from '../template/index.js';

export type ColumnType = 'string' | 'integer' | 'number' | 'timestamp';

/** How a spreadsheet shows a number: a rate as a percentage, money with two decimals. */
export type ColumnFormat = 'percent' | 'money';

export interface ExportColumn {
  /** Column name in the file (a `cells_wide` column name for cells). */
  readonly name: string;
  readonly type: ColumnType;
  /** Canonical key for a cell column, else null. */
  readonly key: string | null;
  /** A, B or C for a cell column. */
  readonly table: string | null;
  /** Chinese label: the template's "row / column" for cells. */
  readonly label: string;
  /** Templates that print the cell ("2019 2021"), empty for other columns. */
  readonly templates: string;
  readonly description: string;
  readonly format?: ColumnFormat;
}

/** A column that is not a template cell (report and body facts, counts, metrics). */
export const meta = (name: string, type: ColumnType, label: string, description: string, format?: ColumnFormat): ExportColumn =>
  ({ name, type, key: null, table: null, label, templates: '', description, ...(format ? { format } : {}) });

export const REPORT_COLUMNS: readonly ExportColumn[] = [
  meta('report_id', 'integer', '报告编号', 'id of the report (reports.id); the newest extraction of the newest document version'),
  meta('body_id', 'integer', '机关编号', 'id of the reporting body (bodies.id)'),
  meta('body', 'string', '机关名称', 'reporting body as registered'),
  meta('body_kind', 'string', '机关类别', 'government, department, township, zone (development zone) or other'),
  meta('region_code', 'string', '行政区划代码', 'GB/T 2260 code of the body\'s region'),
  meta('region_name', 'string', '行政区划名称', 'name of the body\'s region'),
  meta('level', 'string', '行政级别', '省, 市, 县 or 乡, from the region code (county-level cities are 县)'),
  meta('year', 'integer', '报告年度', 'the year the report covers'),
  meta('template', 'string', '模板', '2019 (reports for 2019–2020) or 2021 (国办公开办函〔2021〕30号)'),
  meta('layout', 'string', '表格版式', '2019, 2021, or 2021-one-row (（六）其他处理 printed as one row)'),
  meta('title', 'string', '报告标题', 'title as printed'),
  meta('published_date', 'string', '发布日期', 'the page\'s own publication date, yyyy-mm-dd, when stated'),
  meta('url', 'string', '来源网址', 'URL the report was read from'),
  meta('document_id', 'integer', '文档版本编号', 'id of the stored document version (documents.id)'),
  meta('document_version', 'integer', '文档版本', 'version number of the URL\'s content (1 = first seen)'),
  meta('fetched_at', 'timestamp', '抓取时间', 'when that version was fetched (UTC)'),
  meta('money_unit', 'string', '金额单位', 'the unit the report prints money in (万元 or 元; ";" between several), from report_cells.unit'),
  meta('flag_count', 'integer', '标记数', 'flags raised by the checks on this report'),
  meta('flag_errors', 'integer', '错误标记数', 'flags of severity error'),
  meta('flag_warnings', 'integer', '警告标记数', 'flags of severity warning'),
  meta('flag_rules', 'string', '标记规则', 'distinct rule ids of the flags, separated by ";"'),
  meta('reviewed_cells', 'integer', '审核更正数', 'cells whose value here is a reviewer\'s correction, not the extracted value (both are in the .corrections.csv beside this file)'),
  meta('reviewed_keys', 'string', '审核更正项', 'canonical keys of those cells, separated by ";"'),
  meta('inferred_cells', 'string', '推断单元格', 'keys of the cells extraction inferred rather than read as printed (report_cells.how), separated by ";"; empty = every cell read as printed'),
  meta('applications', 'number', '本年新收申请数', 'applications.new_received.total'),
  meta('grant_rate', 'number', '实质公开率', '(granted.total + partially_granted.total) / total.total; null when an input is blank or the total is 0', 'percent'),
  meta('denial_rate', 'number', '不予公开率', 'sum of the eight denied_*.total rows / total.total; null when an input is blank or the total is 0', 'percent'),
  meta('review_correction_rate', 'number', '复议纠错率', 'review.corrected / (review.upheld + review.corrected + review.other)', 'percent'),
  meta('litigation_loss_rate', 'number', '诉讼败诉率', 'corrected / (upheld + corrected + other) over both litigation groups', 'percent'),
  meta('completeness', 'number', '数据完整度', 'template cells of the report\'s layout that hold a value / all template cells of that layout', 'percent'),
];

function cellColumn(key: string): ExportColumn {
  const info = KEY_INFO.get(key);
  const money = info?.money ?? false;
  return {
    name: wideColumn(key), type: 'number', key, table: info?.table ?? null, label: info?.label ?? key,
    templates: (info?.templates ?? []).join(' '), ...(money ? { format: 'money' as const } : {}),
    description: `${money
      ? 'money; 2021 template: 万元; 2019 template: the unit as printed (see report_cells.unit). Empty = blank or not printed'
      : 'count. Empty = blank or not printed (never 0)'}. A reviewer's correction where the row's reviewed_keys names it, else as extracted`,
  };
}

/** Every column of the export, in file order. */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [...REPORT_COLUMNS, ...ALL_KEYS.map(cellColumn)];

/** Long format: one row per body, year and key (the cells of report_latest's reports). */
export const LONG_COLUMNS: readonly ExportColumn[] = [
  ...REPORT_COLUMNS.filter((c) => ['report_id', 'body_id', 'body', 'body_kind', 'region_code', 'region_name', 'level', 'year', 'template'].includes(c.name)),
  meta('key', 'string', '指标代码', 'canonical key of the cell (see the template)'),
  meta('table_id', 'string', '表', 'A, B or C'),
  meta('label', 'string', '指标名称', "the template's row / column"),
  meta('value', 'number', '数值', 'the value (a reviewer\'s correction where there is one); empty = printed blank (never 0)'),
  meta('value_source', 'string', '数值来源', 'extracted, or reviewed (corrected by a reviewer)'),
  meta('extracted_value', 'number', '提取值', 'the value as extracted from the page, beside a reviewed one'),
  meta('review_reason', 'string', '更正理由', "the reviewer's reason, for a reviewed value"),
  meta('raw', 'string', '原文', 'the text as printed'),
  meta('unit', 'string', '单位', 'money unit as printed (万元 / 元), for money cells'),
  meta('line_index', 'integer', '行号', 'line (0-based) of the stored document holding the value (HTML, text)'),
  meta('page', 'integer', '页码', 'page of the stored document (PDF)'),
  ...REPORT_COLUMNS.filter((c) => ['url', 'document_id', 'document_version', 'fetched_at'].includes(c.name)),
];

/** The dictionary as rows (one per column), for CSV or a spreadsheet sheet. */
export function dictionaryRows(columns: readonly ExportColumn[] = EXPORT_COLUMNS): Record<string, string>[] {
  return columns.map((c) => ({
    column: c.name, key: c.key ?? '', table: c.table ?? '', label: c.label, templates: c.templates, type: c.type, description: c.description,
  }));
}
