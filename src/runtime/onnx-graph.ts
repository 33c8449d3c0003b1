// An ONNX graph in memory and its serialisation to a ModelProto (onnx.proto field numbers).
import { ProtoWriter } from './protobuf.js';

export const OPSET = 17;
const IR_VERSION = 8;
const FLOAT = 1;
const INT64 = 7;
const DOUBLE = 11;

export type Attr =
  | { kind: 'int'; v: number }
  | { kind: 'ints'; v: number[] }
  | { kind: 'float'; v: number }
  | { kind: 'string'; v: string };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  name: string;
  attrs: Record<string, Attr>;
}

export interface Initializer {
  name: string;
  dims: number[];
  /** float32 values, int64 ones for shapes and indices, or float64 (the metrics' float64 graphs). */
  data: Float32Array | BigInt64Array | Float64Array;
}

/** A dimension is a number, or a name for one chosen at run time (e.g. 'batch'). */
export interface ValueInfo {
  name: string;
  dims: (number | string)[];
  /** Element type: float32 unless 'double' (the metrics' float64 products). */
  type?: 'float' | 'double';
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: Initializer[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  metadata: Record<string, string>;
}

function writeAttr(w: ProtoWriter, name: string, a: Attr): void {
  w.string(1, name);
  if (a.kind === 'int') w.int(3, a.v).int(20, 2);
  else if (a.kind === 'ints') w.ints(8, a.v).int(20, 7);
  else if (a.kind === 'float') w.float(2, a.v).int(20, 1);
  else w.bytesField(4, new TextEncoder().encode(a.v)).int(20, 3);
}

function writeValueInfo(w: ProtoWriter, v: ValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, v.type === 'double' ? DOUBLE : FLOAT);
      tensor.message(2, (shape) => {
        for (const d of v.dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

export function serializeModel(g: OnnxGraph, producer = 'ganimate'): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, IR_VERSION);
  w.string(2, producer);
  w.message(8, (o) => o.string(1, '').int(2, OPSET));
  w.message(7, (graph) => {
    for (const n of g.nodes) {
      graph.message(1, (node) => {
        node.strings(1, n.inputs).strings(2, n.outputs).string(3, n.name).string(4, n.op);
        for (const [k, a] of Object.entries(n.attrs)) node.message(5, (aw) => writeAttr(aw, k, a));
      });
    }
    graph.string(2, g.name);
    for (const t of g.initializers) {
      graph.message(5, (tw) => {
        tw.ints(1, t.dims)
          .int(2, t.data instanceof Float32Array ? FLOAT : t.data instanceof Float64Array ? DOUBLE : INT64)
          .string(8, t.name);
        tw.bytesField(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
      });
    }
    for (const v of g.inputs) graph.message(11, (vw) => writeValueInfo(vw, v));
    for (const v of g.outputs) graph.message(12, (vw) => writeValueInfo(vw, v));
  });
  for (const [k, v] of Object.entries(g.metadata)) w.message(14, (e) => e.string(1, k).string(2, v));
  return w.finish();
}
