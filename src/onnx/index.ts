export * from '../runtime/onnx-graph.js';
export * from './trace.js';
export * from './write-onnx.js';
