/** The national template as data: tables, labels, keys and identities. */
export * from './table-a.js';
export * from './table-b.js';
export * from './table-c.js';
export * from './keys.js';
export * from './identities.js';
export * from './markers.js';
export * from './years.js';
