export * from './gradient-penalty.js';
export * from './total-variation.js';
export * from './flow-roughness.js';
export * from './flow-folds.js';
export * from './broad-shading.js';
