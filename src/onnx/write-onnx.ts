// Writing a traced graph to disk.
import { writeFileAtomic } from '../io/atomic-write.js';
import { type OnnxGraph, serializeModel } from '../runtime/onnx-graph.js';

/** Writes the model atomically; returns its size in bytes. */
export function writeOnnx(path: string, graph: OnnxGraph): number {
  const bytes = serializeModel(graph);
  writeFileAtomic(path, bytes);
  return bytes.length;
}
