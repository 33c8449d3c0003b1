export * from './action-units.js';
export * from './emotions.js';
