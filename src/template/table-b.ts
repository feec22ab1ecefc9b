/**
 * Table B (三、收到和处理政府信息公开申请情况): the same grid in both templates,
 * except that template 2021 splits （六）其他处理 into three rows.
 * Keys are `applications.<row>.<column>`.
 */

export interface Axis<K extends string = string> {
  readonly key: K;
  /** The label as the national template prints it. */
  readonly label: string;
  /**
   * What names the axis in a printed label, as pages print it (shortened, merged,
   * wrapped, misspelt): a label containing one of these names this row or column.
   * `^` anchors a variant at the label's start and `$` at its end. Matched after
   * `normLabel` (half-width, ASCII brackets, no spaces).
   */
  readonly variants: readonly string[];
}

// The aligner reads table B's cells in the template's column order and matches no
// column header (headers split, stack and abbreviate too freely to anchor on), so the
// columns list no variants.
export const TABLE_B_COLUMNS = [
  { key: 'natural_person', label: '自然人', variants: [] },
  { key: 'commercial_enterprise', label: '商业企业', variants: [] },
  { key: 'research_institution', label: '科研机构', variants: [] },
  { key: 'social_welfare_org', label: '社会公益组织', variants: [] },
  { key: 'legal_service_org', label: '法律服务机构', variants: [] },
  { key: 'other_org', label: '其他', variants: [] },
  { key: 'total', label: '总计', variants: [] },
] as const satisfies readonly Axis[];

export type TableBColumn = (typeof TABLE_B_COLUMNS)[number]['key'];

/** Which outcome group a row belongs to (the template's 三、本年度办理结果 sub-heads). */
export type TableBGroup = 'input' | 'outcome' | 'total' | 'output';

export interface TableBRow extends Axis {
  readonly group: TableBGroup;
  /** Parent heading printed in a spanning cell beside the row, if any (e.g. （三）不予公开). */
  readonly parent?: string;
  /** Templates whose layout has this row. */
  readonly templates: readonly ('2019' | '2021')[];
}

const BOTH = ['2019', '2021'] as const;

export const TABLE_B_ROWS: readonly TableBRow[] = [
  { key: 'new_received', group: 'input', label: '一、本年新收政府信息公开申请数量', variants: ['本年新收'], templates: BOTH },
  { key: 'carried_over', group: 'input', label: '二、上年结转政府信息公开申请数量', variants: ['上年结转', '上年转结'], templates: BOTH },
  { key: 'granted', group: 'outcome', parent: '三、本年度办理结果', label: '（一）予以公开', variants: ['予以公开$', '^(一)予以公开'], templates: BOTH },
  { key: 'partially_granted', group: 'outcome', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', variants: ['^(二)部分公开', '^部分公开'], templates: BOTH },
  { key: 'denied_state_secret', group: 'outcome', parent: '（三）不予公开', label: '1.属于国家秘密', variants: ['国家秘密'], templates: BOTH },
  { key: 'denied_prohibited_by_law', group: 'outcome', parent: '（三）不予公开', label: '2.其他法律行政法规禁止公开', variants: ['禁止公开'], templates: BOTH },
  { key: 'denied_three_safety_one_stability', group: 'outcome', parent: '（三）不予公开', label: '3.危及“三安全一稳定”', variants: ['三安全一稳定'], templates: BOTH },
  { key: 'denied_third_party_rights', group: 'outcome', parent: '（三）不予公开', label: '4.保护第三方合法权益', variants: ['第三方合法权益'], templates: BOTH },
  { key: 'denied_internal_affairs', group: 'outcome', parent: '（三）不予公开', label: '5.属于三类内部事务信息', variants: ['内部事务'], templates: BOTH },
  { key: 'denied_process_information', group: 'outcome', parent: '（三）不予公开', label: '6.属于四类过程性信息', variants: ['过程性信息'], templates: BOTH },
  { key: 'denied_enforcement_files', group: 'outcome', parent: '（三）不予公开', label: '7.属于行政执法案卷', variants: ['执法案卷'], templates: BOTH },
  { key: 'denied_query_matters', group: 'outcome', parent: '（三）不予公开', label: '8.属于行政查询事项', variants: ['查询事项'], templates: BOTH },
  { key: 'unable_not_held', group: 'outcome', parent: '（四）无法提供', label: '1.本机关不掌握相关政府信息', variants: ['不掌握'], templates: BOTH },
  { key: 'unable_needs_creation', group: 'outcome', parent: '（四）无法提供', label: '2.没有现成信息需要另行制作', variants: ['另行制作'], templates: BOTH },
  { key: 'unable_unclear_after_correction', group: 'outcome', parent: '（四）无法提供', label: '3.补正后申请内容仍不明确', variants: ['补正后'], templates: BOTH },
  { key: 'not_processed_petition_complaint', group: 'outcome', parent: '（五）不予处理', label: '1.信访举报投诉类申请', variants: ['信访', '举报投诉'], templates: BOTH },
  { key: 'not_processed_duplicate', group: 'outcome', parent: '（五）不予处理', label: '2.重复申请', variants: ['重复申请'], templates: BOTH },
  { key: 'not_processed_publications', group: 'outcome', parent: '（五）不予处理', label: '3.要求提供公开出版物', variants: ['公开出版物'], templates: BOTH },
  { key: 'not_processed_excessive_repeated', group: 'outcome', parent: '（五）不予处理', label: '4.无正当理由大量反复申请', variants: ['大量反复'], templates: BOTH },
  { key: 'not_processed_confirm_existing', group: 'outcome', parent: '（五）不予处理', label: '5.要求行政机关确认或重新出具已获取信息', variants: ['确认或重新出具'], templates: BOTH },
  // Template 2019 prints （六）其他处理 as one row; some 2021-format reports keep that layout too.
  { key: 'other', group: 'outcome', label: '（六）其他处理', variants: ['^(六)其他处理$', '^其他处理$'], templates: ['2019', '2021'] },
  { key: 'other_no_correction', group: 'outcome', parent: '（六）其他处理', label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', variants: ['逾期不补正'], templates: ['2021'] },
  { key: 'other_no_fee', group: 'outcome', parent: '（六）其他处理', label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', variants: ['缴纳费用'], templates: ['2021'] },
  { key: 'other_other', group: 'outcome', parent: '（六）其他处理', label: '3.其他', variants: ['^3.其他$', '^3、其他$', '^(3)其他$'], templates: ['2021'] },
  { key: 'total', group: 'total', label: '（七）总计', variants: ['^(七)总计$', '^七、总计$', '^七总计$'], templates: BOTH },
  { key: 'carried_forward', group: 'output', label: '四、结转下年度继续办理', variants: ['结转下年度'], templates: BOTH },
];

/** The three 2021 sub-rows that replace the single `other` row. */
export const OTHER_SUBROWS = ['other_no_correction', 'other_no_fee', 'other_other'] as const;

export const tableBKey = (row: string, column: string): string => `applications.${row}.${column}`;
