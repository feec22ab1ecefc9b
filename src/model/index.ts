export * from './report.js';
export * from './flag.js';
export * from './body.js';
export * from './document.js';
export * from './progress.js';
