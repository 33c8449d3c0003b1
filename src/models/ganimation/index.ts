// GANimation (ECCV 2018) and ganimate's flow family: networks, loss, recipe and export.
export * from './networks/index.js';
export * from './ganimation-loss.js';
export * from './export-ganimation.js';
