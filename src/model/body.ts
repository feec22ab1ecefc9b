/** Government sites and the bodies that publish reports on them. */

/** Administrative level of a body's region: 省 province, 市 prefecture, 县 county, 乡 township. */
export type Level = '省' | '市' | '县' | '乡';

export interface Body {
  readonly name: string;
  /** GB/T 2260 region code (6 digits; 9+ for townships where known). */
  readonly regionCode: string | null;
  readonly regionName: string | null;
  readonly level: Level | null;
  /** A government itself (人民政府/管委会) vs one of its departments. */
  readonly kind: 'government' | 'department' | 'township' | 'other';
}
