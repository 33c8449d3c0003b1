// The tensor engine: native libtorch tensors, ops, autograd and scopes.
export { engineAvailable } from './native.js';
export { scope, keep } from './scope.js';
export * from './tensor.js';
export * from './autograd.js';
export * from './runtime.js';
export * from './ops/math.js';
export * from './ops/reduce.js';
export * from './ops/shape.js';
export * from './ops/nn.js';
export * from './ops/inplace.js';
export * from './distributed.js';
