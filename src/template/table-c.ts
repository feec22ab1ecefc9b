/**
 * Table C (四、政府信息公开行政复议、行政诉讼情况): three groups of five columns,
 * printed as one row of fifteen cells. Keys are `<group>.<column>`.
 */
import type { Axis } from './table-b.js';

// Table C is read as one row of fifteen cells in this order after its section heading;
// its group and column headers are not matched, so they list no variants.
export const TABLE_C_GROUPS = [
  { key: 'review', label: '行政复议', variants: [] },
  { key: 'litigation_direct', label: '未经复议直接起诉', variants: [] },
  { key: 'litigation_after_review', label: '复议后起诉', variants: [] },
] as const satisfies readonly Axis[];

export const TABLE_C_COLUMNS = [
  { key: 'upheld', label: '结果维持', variants: [] },
  { key: 'corrected', label: '结果纠正', variants: [] },
  { key: 'other', label: '其他结果', variants: [] },
  { key: 'pending', label: '尚未审结', variants: [] },
  { key: 'total', label: '总计', variants: [] },
] as const satisfies readonly Axis[];

export type TableCGroup = (typeof TABLE_C_GROUPS)[number]['key'];
export type TableCColumn = (typeof TABLE_C_COLUMNS)[number]['key'];

export const tableCKey = (group: string, column: string): string => `${group}.${column}`;

/** All fifteen keys in the order the template prints them. */
export const TABLE_C_KEYS: readonly string[] = TABLE_C_GROUPS.flatMap((g) =>
  TABLE_C_COLUMNS.map((c) => tableCKey(g.key, c.key)),
);
