export * from './config.js';
export * from './blocks.js';
export * from '../../../nn/warp.js';
export * from './generator.js';
export * from './discriminator.js';
