export * from './config.js';
export * from './edit.js';
export * from './generator.js';
export * from './flow-generator.js';
export * from './photo-keep-mask.js';
export * from './create-generator.js';
export * from './critic.js';
export * from './compose.js';
