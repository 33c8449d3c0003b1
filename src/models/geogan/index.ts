// GeoGAN (AAAI 2019): networks, loss, recipe and export.
export * from './networks/index.js';
export * from './geogan-loss.js';
export * from './export-geogan.js';
