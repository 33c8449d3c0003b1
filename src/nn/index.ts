export * from './module.js';
export * from './layers.js';
export * from './adam.js';
export * from './safetensors.js';
export * from './weights.js';
export * from './spectral-norm.js';
