// ganimate's library entry. The training engine (torch, nn, networks, losses, train) needs the
// libtorch addon (`npm run build:native`); importing this module does not load it.
export * from './errors.js';
export * as torch from './torch/index.js';
export * as nn from './nn/index.js';
export * as ganimation from './models/ganimation/networks/index.js';
export * as losses from './losses/index.js';
export * as train from './models/ganimation/ganimation-iteration.js';
