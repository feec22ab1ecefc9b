/** The store: PGlite or PostgreSQL through kysely, versioned documents, frontier, reports, flags. */
export * from './open-store.js';
export * from './schema.js';
export * from './documents.js';
export * from './frontier.js';
export * from './bodies.js';
export * from './reports.js';
export * from './flags.js';
export { cellsWideSql, reportLatestSql } from './views.js';
