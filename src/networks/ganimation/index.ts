export * from './config.js';
export * from './generator.js';
export * from './critic.js';
export * from './compose.js';
