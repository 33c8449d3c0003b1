// face-api's SSD MobileNet v1 face detector on ONNX Runtime: the same weights (read from face-api's loaded net, so
// nothing new ships), as a graph of ONNX Conv nodes (batch norms folded in), then face-api's own box decoding and
// non-maximum suppression in JavaScript. On TensorFlow.js's single-threaded wasm backend the net took ~310 ms a
// look and its suppression (one tensor read per box pair) another ~370 ms on a 68-face photo; here the convolutions
// run on ONNX Runtime's threads and the suppression reads the boxes once (tools/detector-recall.ts).
import ort from 'onnxruntime-node';
import { resizeImage } from '../image/image-io.js';
import type { RgbImage } from '../image/rgb-image.js';
import { serializeModel, type Initializer, type OnnxGraph, type OnnxNode } from '../runtime/onnx-graph.js';

/** The side the SSD net looks at (a square: the photo is padded at the bottom or right, as face-api does). */
export const SSD_SIDE = 512;
/** face-api's batch-norm epsilon and box coder scales. */
const EPSILON = 0.0010000000474974513;
const [CENTRE_SCALE, SIZE_SCALE] = [10, 5];
/** Boxes overlapping a kept one by more than this are the same face (face-api's SSD threshold). */
const NMS_IOU = 0.5;

type TfTensor = { shape: number[]; dataSync(): Float32Array | Int32Array };
interface PointwiseParams {
  filters: TfTensor;
  batch_norm_offset: TfTensor;
}
interface DepthwiseParams {
  filters: TfTensor;
  batch_norm_scale: TfTensor;
  batch_norm_offset: TfTensor;
  batch_norm_mean: TfTensor;
  batch_norm_variance: TfTensor;
}
interface ConvParams {
  filters: TfTensor;
  bias: TfTensor;
}
/** face-api's SsdMobilenetv1 params (its `types.ts`), as loaded. */
export interface SsdParams {
  mobilenetv1: Record<string, PointwiseParams | { depthwise_conv: DepthwiseParams; pointwise_conv: PointwiseParams }>;
  prediction_layer: Record<
    string,
    PointwiseParams | { box_encoding_predictor: ConvParams; class_predictor: ConvParams }
  >;
  output_layer: { extra_dim: TfTensor };
}

export interface SsdBox {
  score: number;
  /** In pixels of the image passed to detect. */
  box: { x: number; y: number; width: number; height: number };
}

const f32 = (t: TfTensor) => Float32Array.from(t.dataSync());

/** TensorFlow's [h, w, in, out] filters as ONNX's [out, in, h, w]. */
function hwioToOihw(t: TfTensor): { data: Float32Array; dims: number[] } {
  const [h, w, i, o] = t.shape as [number, number, number, number];
  const src = f32(t);
  const out = new Float32Array(src.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < i; c++)
        for (let k = 0; k < o; k++) out[((k * i + c) * h + y) * w + x] = src[((y * w + x) * i + c) * o + k]!;
  return { data: out, dims: [o, i, h, w] };
}

/** The graph: input 'image' [1, 3, 512, 512] in [-1, 1]; outputs 'boxes' [1, N, 4] (encodings), 'classes' [1, N, 3]. */
export function ssdGraph(p: SsdParams): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const initializers: Initializer[] = [
    { name: 'zero', dims: [], data: Float32Array.of(0) },
    { name: 'six', dims: [], data: Float32Array.of(6) },
  ];
  const weight = (name: string, data: Float32Array, dims: number[]) => {
    initializers.push({ name, dims, data });
    return name;
  };
  let n = 0;
  /** Conv ('same' padding as TensorFlow pads: the extra row and column at the end), optionally clipped to [0, 6]. */
  const conv = (
    x: string,
    w: { data: Float32Array; dims: number[] },
    bias: Float32Array,
    stride: number,
    o: { group?: number; relu6?: boolean } = {},
  ) => {
    const id = `c${n++}`;
    nodes.push({
      op: 'Conv',
      inputs: [x, weight(`${id}.w`, w.data, w.dims), weight(`${id}.b`, bias, [bias.length])],
      outputs: [id],
      name: id,
      attrs: {
        auto_pad: { kind: 'string', v: 'SAME_UPPER' },
        strides: { kind: 'ints', v: [stride, stride] },
        group: { kind: 'int', v: o.group ?? 1 },
      },
    });
    if (!o.relu6) return id;
    nodes.push({ op: 'Clip', inputs: [id, 'zero', 'six'], outputs: [`${id}r`], name: `${id}r`, attrs: {} });
    return `${id}r`;
  };
  const pointwise = (x: string, q: PointwiseParams, stride: number) =>
    conv(x, hwioToOihw(q.filters), f32(q.batch_norm_offset), stride, { relu6: true });
  const depthwise = (x: string, q: DepthwiseParams, stride: number) => {
    // [h, w, c, 1] → [c, 1, h, w], with the batch norm folded in: y = (conv − mean)·scale/√(var + ε) + offset
    const [h, w, c] = q.filters.shape as [number, number, number];
    const [src, scale, offset, mean, variance] = [
      q.filters,
      q.batch_norm_scale,
      q.batch_norm_offset,
      q.batch_norm_mean,
      q.batch_norm_variance,
    ].map(f32) as Float32Array[];
    const data = new Float32Array(c * h * w);
    const bias = new Float32Array(c);
    for (let k = 0; k < c; k++) {
      const g = scale![k]! / Math.sqrt(variance![k]! + EPSILON);
      bias[k] = offset![k]! - mean![k]! * g;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) data[(k * h + y) * w + x] = src![(y * w + x) * c + k]! * g;
    }
    return conv(x, { data, dims: [c, 1, h, w] }, bias, stride, { group: c, relu6: true });
  };
  const m = p.mobilenetv1;
  let out = pointwise('image', m.conv_0 as PointwiseParams, 2);
  let conv11 = '';
  for (let i = 1; i <= 13; i++) {
    const pair = m[`conv_${i}`] as { depthwise_conv: DepthwiseParams; pointwise_conv: PointwiseParams };
    out = depthwise(out, pair.depthwise_conv, [2, 4, 6, 12].includes(i) ? 2 : 1);
    out = pointwise(out, pair.pointwise_conv, 1);
    if (i === 11) conv11 = out;
  }
  const pl = p.prediction_layer;
  const extra: string[] = [];
  let x = out;
  for (let i = 0; i < 8; i++) {
    x = pointwise(x, pl[`conv_${i}`] as PointwiseParams, i % 2 === 1 ? 2 : 1);
    extra.push(x);
  }
  // the six feature maps face-api predicts from: conv 11, the backbone's end, then every second extra layer
  const maps = [conv11, out, extra[1]!, extra[3]!, extra[5]!, extra[7]!];
  initializers.push({ name: 'shape_boxes', dims: [3], data: BigInt64Array.of(1n, -1n, 4n) });
  initializers.push({ name: 'shape_classes', dims: [3], data: BigInt64Array.of(1n, -1n, 3n) });
  const heads = { boxes: [] as string[], classes: [] as string[] };
  maps.forEach((map, i) => {
    const q = pl[`box_predictor_${i}`] as { box_encoding_predictor: ConvParams; class_predictor: ConvParams };
    for (const [kind, c] of [
      ['boxes', q.box_encoding_predictor],
      ['classes', q.class_predictor],
    ] as const) {
      const y = conv(map, hwioToOihw(c.filters), f32(c.bias), 1);
      // NHWC order, as face-api reshapes: per cell, per anchor, its 4 (3) values
      nodes.push({
        op: 'Transpose',
        inputs: [y],
        outputs: [`${y}t`],
        name: `${y}t`,
        attrs: { perm: { kind: 'ints', v: [0, 2, 3, 1] } },
      });
      nodes.push({ op: 'Reshape', inputs: [`${y}t`, `shape_${kind}`], outputs: [`${y}s`], name: `${y}s`, attrs: {} });
      heads[kind].push(`${y}s`);
    }
  });
  for (const kind of ['boxes', 'classes'] as const)
    nodes.push({
      op: 'Concat',
      inputs: heads[kind],
      outputs: [kind],
      name: kind,
      attrs: { axis: { kind: 'int', v: 1 } },
    });
  return {
    name: 'ssd_mobilenetv1',
    nodes,
    initializers,
    inputs: [{ name: 'image', dims: [1, 3, SSD_SIDE, SSD_SIDE] }],
    outputs: [
      { name: 'boxes', dims: [1, 'anchors', 4] },
      { name: 'classes', dims: [1, 'anchors', 3] },
    ],
    metadata: {},
  };
}

/** Intersection over union of two [ymin, xmin, ymax, xmax] boxes (face-api's, with its min/max ordering). */
function iou(b: Float32Array, i: number, j: number): number {
  const box = (k: number) => {
    const [y0, x0, y1, x1] = [b[4 * k]!, b[4 * k + 1]!, b[4 * k + 2]!, b[4 * k + 3]!];
    return [Math.min(y0, y1), Math.min(x0, x1), Math.max(y0, y1), Math.max(x0, x1)] as const;
  };
  const [a, c] = [box(i), box(j)];
  const [areaA, areaC] = [(a[2] - a[0]) * (a[3] - a[1]), (c[2] - c[0]) * (c[3] - c[1])];
  if (areaA <= 0 || areaC <= 0) return 0;
  const inter =
    Math.max(Math.min(a[2], c[2]) - Math.max(a[0], c[0]), 0) * Math.max(Math.min(a[3], c[3]) - Math.max(a[1], c[1]), 0);
  return inter / (areaA + areaC - inter);
}

export class SsdOnnx {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly anchors: Float32Array,
  ) {}

  static async fromParams(p: SsdParams): Promise<SsdOnnx> {
    const session = await ort.InferenceSession.create(serializeModel(ssdGraph(p)), { graphOptimizationLevel: 'all' });
    return new SsdOnnx(session, f32(p.output_layer.extra_dim));
  }

  /**
   * Faces in `img` (its longer side at most SSD_SIDE: the caller downscales), most confident first: face-api's
   * locateFaces, boxes in `img`'s pixels.
   */
  async detect(img: RgbImage, minConfidence: number, maxResults: number): Promise<SsdBox[]> {
    const side = Math.max(img.width, img.height);
    // pad to a square at the bottom and right with black (face-api's padToSquare), then the net's size
    const square = { width: side, height: side, data: new Uint8Array(side * side * 3) };
    for (let y = 0; y < img.height; y++)
      square.data.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), y * side * 3);
    const look = side === SSD_SIDE ? square : await resizeImage(square, SSD_SIDE, SSD_SIDE);
    const plane = SSD_SIDE * SSD_SIDE;
    const input = new Float32Array(3 * plane);
    for (let i = 0; i < plane; i++)
      for (let c = 0; c < 3; c++) input[c * plane + i] = look.data[i * 3 + c]! / 127.5 - 1;
    const out = await this.session.run({ image: new ort.Tensor('float32', input, [1, 3, SSD_SIDE, SSD_SIDE]) });
    const enc = out.boxes!.data as Float32Array;
    const cls = out.classes!.data as Float32Array;
    const count = enc.length / 4;
    // decode (face-api's outputLayer): anchors [ymin, xmin, ymax, xmax], encodings [cy, cx, h, w] scaled 10, 10, 5, 5
    const boxes = new Float32Array(count * 4);
    const scores = new Float32Array(count);
    const a = this.anchors;
    for (let k = 0; k < count; k++) {
      const [h, w] = [a[4 * k + 2]! - a[4 * k]!, a[4 * k + 3]! - a[4 * k + 1]!];
      const [cy, cx] = [a[4 * k]! + h / 2, a[4 * k + 1]! + w / 2];
      const y = (enc[4 * k]! / CENTRE_SCALE) * h + cy;
      const x = (enc[4 * k + 1]! / CENTRE_SCALE) * w + cx;
      const hh = (Math.exp(enc[4 * k + 2]! / SIZE_SCALE) * h) / 2;
      const ww = (Math.exp(enc[4 * k + 3]! / SIZE_SCALE) * w) / 2;
      boxes.set([y - hh, x - ww, y + hh, x + ww], 4 * k);
      scores[k] = 1 / (1 + Math.exp(-cls[3 * k + 1]!));
    }
    // face-api's greedy suppression: the most confident first, each kept unless it overlaps a kept one by > NMS_IOU
    const order = Array.from(scores.keys())
      .filter((k) => scores[k]! > minConfidence)
      .sort((i, j) => scores[j]! - scores[i]!);
    const kept: number[] = [];
    for (const k of order) {
      if (kept.length >= Math.min(maxResults, count)) break;
      if (kept.every((j) => iou(boxes, k, j) <= NMS_IOU)) kept.push(k);
    }
    return kept.map((k) => {
      const [top, bottom] = [Math.max(0, boxes[4 * k]!), Math.min(1, boxes[4 * k + 2]!)].map((v) => v * side) as [
        number,
        number,
      ];
      const [left, right] = [Math.max(0, boxes[4 * k + 1]!), Math.min(1, boxes[4 * k + 3]!)].map((v) => v * side) as [
        number,
        number,
      ];
      return { score: scores[k]!, box: { x: left, y: top, width: right - left, height: bottom - top } };
    });
  }
}
