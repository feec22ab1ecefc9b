/** The catalogue of check rules: id (family first), default severity, what it means. */
import type { Severity } from '../model/flag.js';

/**
 * What a rule reads: one report, the body's reports of other years, or every
 * report (copies). A re-check of one body after a reviewer's correction re-runs
 * the first two and keeps the stored findings of the third.
 */
export type RuleScope = 'report' | 'body' | 'population';

export interface Rule {
  readonly id: string;
  readonly family: string;
  readonly severity: Severity;
  readonly description: string;
  readonly scope: RuleScope;
}

const SCOPE_BY_FAMILY: Readonly<Record<string, RuleScope>> = { crossyear: 'body', outlier: 'body', copy: 'population' };

const rule = (id: string, severity: Severity, description: string): Rule => {
  const family = id.split('.')[0] ?? id;
  return { id, family, severity, description, scope: SCOPE_BY_FAMILY[family] ?? 'report' };
};

export const RULES: readonly Rule[] = [
  rule('identity.b.balance', 'error', 'Table B: 新收 + 上年结转 must equal 总计 + 结转下年度, per applicant column.'),
  rule('identity.b.outcomes', 'error', 'Table B: （七）总计 must equal the sum of the outcome rows, per applicant column.'),
  rule('identity.b.row_total', 'error', 'Table B: the 总计 column must equal the sum of the applicant columns, per row.'),
  rule('identity.c.group_total', 'error', 'Table C: each group total must equal 维持 + 纠正 + 其他 + 尚未审结.'),
  rule('template.format_year', 'warning', 'A report for 2021 or later printed in the 2019 template.'),
  rule('missing.table_a', 'warning', 'No cell of table A (主动公开) was found (blank cells count as found).'),
  rule('missing.table_b', 'warning', 'No cell of table B (收到和处理申请) was found.'),
  rule('missing.table_c', 'warning', 'No cell of table C (复议、诉讼) was found.'),
  rule('extraction.inferred', 'info', 'Cells extraction inferred rather than read as printed (chosen among readings by an identity, or a stray value placed in a printed blank).'),
  rule('crossyear.carried_over', 'warning', "上年结转 differs from last year's 结转下年度 of the same body."),
  rule('crossyear.in_force', 'warning', "现行有效件数 differs from last year's figure + 本年制发 − 本年废止."),
  rule('narrative.applications', 'warning', 'The narrative states a number of applications the table contradicts.'),
  rule('narrative.granted', 'warning', 'The narrative states a number of 予以公开 the table contradicts.'),
  rule('narrative.issued', 'warning', 'The narrative states a number of documents 制发 the table contradicts.'),
  rule('narrative.repealed', 'warning', 'The narrative states a number of documents 废止 the table contradicts.'),
  rule('narrative.review', 'warning', 'The narrative states a number of 行政复议 the table contradicts.'),
  rule('narrative.litigation', 'warning', 'The narrative states a number of 行政诉讼 the table contradicts.'),
  rule('region.level_word', 'warning', 'The narrative speaks of a lower level (我县 in a 市 report …) than the body has.'),
  rule('copy.narrative', 'warning', "The narrative is a near copy of another body's (MinHash/LSH on character shingles)."),
  rule('copy.identical_table', 'warning', "Tables B and C are identical to another body's (all-zero tables excepted)."),
  rule('deadline.late', 'warning', 'Published after the deadline (1月31日 for departments, 3月31日 for governments); info when only the first-seen date is late.'),
  rule('outlier.yoy', 'info', 'A figure jumped at least tenfold from a base of 20 or more since last year.'),
];

/** Scope of a rule id; an unknown rule is treated as reading every report, so a re-check never drops its findings. */
export const ruleScope = (id: string): RuleScope => RULE_BY_ID.get(id)?.scope ?? 'population';

export const RULE_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
