/**
 * Table A (二、主动公开政府信息情况): the one table that differs between templates.
 * Each block is headed by the article of the 条例 it reports on (第二十条第（一）项 …).
 */
import type { TemplateId } from '../model/report.js';

export interface TableACell {
  readonly key: string;
  /** Row label as printed (信息内容 column). */
  readonly row: string;
  readonly rowVariants: readonly string[];
  /** Column header as printed. */
  readonly column: string;
  /**
   * The header's distinctive words as pages print them (split headers keep only
   * their first part: 本年新 / 制作数量). Words found in one template's headers
   * only tell the page's template (see markers.ts).
   */
  readonly columnVariants: readonly string[];
  /** Money cells carry a unit (万元 or 元). */
  readonly money?: boolean;
  /** Signed change cells (本年增/减) may print `+19` / `-3`. */
  readonly signed?: boolean;
}

export interface TableABlock {
  /** 第二十条第（N）项 */
  readonly article: string;
  readonly cells: readonly TableACell[];
}

/** Keys are `active.<area>.<measure>`: `tableAKey('regulations', 'issued')`. */
export const tableAKey = (area: string, measure: string): string => `active.${area}.${measure}`;

/** The printed row name of a table A area (规章, 行政规范性文件 …) in a template. */
export const tableARowName = (template: TemplateId, area: string): string | undefined =>
  tableA(template).flatMap((b) => b.cells).find((c) => c.key.startsWith(`${tableAKey(area, '')}`))?.row;

const cell = (key: string, row: string, column: string, extra: Partial<TableACell> = {}): TableACell => ({
  key, row, column, rowVariants: [], columnVariants: [], ...extra,
});

export const TABLE_A_2021: readonly TableABlock[] = [
  { article: '第二十条第（一）项', cells: [
    cell('active.regulations.issued', '规章', '本年制发件数', { columnVariants: ['本年制发'] }),
    cell('active.regulations.repealed', '规章', '本年废止件数', { columnVariants: ['本年废止'] }),
    cell('active.regulations.in_force', '规章', '现行有效件数', { columnVariants: ['现行有效'] }),
    cell('active.normative_documents.issued', '行政规范性文件', '本年制发件数', { rowVariants: ['规范性文件'], columnVariants: ['本年制发'] }),
    cell('active.normative_documents.repealed', '行政规范性文件', '本年废止件数', { rowVariants: ['规范性文件'], columnVariants: ['本年废止'] }),
    cell('active.normative_documents.in_force', '行政规范性文件', '现行有效件数', { rowVariants: ['规范性文件'], columnVariants: ['现行有效'] }),
  ] },
  { article: '第二十条第（五）项', cells: [
    cell('active.licensing.decisions', '行政许可', '本年处理决定数量'),
  ] },
  { article: '第二十条第（六）项', cells: [
    cell('active.penalty.decisions', '行政处罚', '本年处理决定数量'),
    cell('active.coercion.decisions', '行政强制', '本年处理决定数量'),
  ] },
  { article: '第二十条第（八）项', cells: [
    cell('active.fees.amount', '行政事业性收费', '本年收费金额（单位：万元）', { money: true, columnVariants: ['本年收费金额'] }),
  ] },
];

const change = (area: string, row: string): TableACell[] => [
  cell(tableAKey(area, 'previous_items'), row, '上一年项目数量', { columnVariants: ['上一年项目'] }),
  cell(tableAKey(area, 'change'), row, '本年增/减', { signed: true, columnVariants: ['本年增/减', '本年增减'] }),
  cell(tableAKey(area, 'decisions'), row, '处理决定数量'),
];

export const TABLE_A_2019: readonly TableABlock[] = [
  { article: '第二十条第（一）项', cells: [
    cell('active.regulations.new_made', '规章', '本年新制作数量', { columnVariants: ['本年新制作'] }),
    cell('active.regulations.new_published', '规章', '本年新公开数量', { columnVariants: ['本年新公开'] }),
    cell('active.regulations.total_published', '规章', '对外公开总数量', { columnVariants: ['对外公开总数'] }),
    cell('active.normative_documents.new_made', '规范性文件', '本年新制作数量', { rowVariants: ['行政规范性文件'], columnVariants: ['本年新制作'] }),
    cell('active.normative_documents.new_published', '规范性文件', '本年新公开数量', { rowVariants: ['行政规范性文件'], columnVariants: ['本年新公开'] }),
    cell('active.normative_documents.total_published', '规范性文件', '对外公开总数量', { rowVariants: ['行政规范性文件'], columnVariants: ['对外公开总数'] }),
  ] },
  { article: '第二十条第（五）项', cells: [
    ...change('licensing', '行政许可'),
    ...change('other_services', '其他对外管理服务事项'),
  ] },
  { article: '第二十条第（六）项', cells: [
    ...change('penalty', '行政处罚'),
    ...change('coercion', '行政强制'),
  ] },
  { article: '第二十条第（八）项', cells: [
    cell('active.fees.previous_items', '行政事业性收费', '上一年项目数量', { columnVariants: ['上一年项目'] }),
    cell('active.fees.change', '行政事业性收费', '本年增/减', { signed: true, columnVariants: ['本年增/减', '本年增减'] }),
  ] },
  { article: '第二十条第（九）项', cells: [
    cell('active.procurement.items', '政府集中采购', '采购项目数量', { columnVariants: ['采购项目数'] }),
    cell('active.procurement.amount', '政府集中采购', '采购总金额', { money: true }),
  ] },
];

export const tableA = (template: TemplateId): readonly TableABlock[] =>
  template === '2021' ? TABLE_A_2021 : TABLE_A_2019;

/** Keys of cells that may print a sign (本年增/减), in either template. */
const SIGNED = new Set([...TABLE_A_2021, ...TABLE_A_2019].flatMap((b) => b.cells).filter((c) => c.signed).map((c) => c.key));
export const isSignedKey = (key: string): boolean => SIGNED.has(key);
