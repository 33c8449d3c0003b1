export * from '../runtime/onnx-graph.js';
export * from './trace.js';
export * from './export-ganimation.js';
export * from './export-geogan.js';
