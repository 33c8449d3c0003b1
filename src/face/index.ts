export * from './detector.js';
export * from './similarity.js';
export * from './align.js';
export * from './paste.js';
export * from './template.js';
