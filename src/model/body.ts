/** Government sites and the bodies that publish reports on them. */

import type { Level } from './division.js';
import type { BodyKind } from './body-kind.js';

export type { Level } from './division.js';
export type { BodyKind } from './body-kind.js';

export interface Body {
  readonly name: string;
  /** GB/T 2260 region code (6 digits; 9+ for townships where known). */
  readonly regionCode: string | null;
  readonly regionName: string | null;
  readonly level: Level | null;
  /** A government itself, one of its departments, a township/street, a development zone (see body-kind.ts). */
  readonly kind: BodyKind;
}
