// A stage at another image size (issue 17's item 4: a 64-px stage first). The generator's and critic's weights do not
// depend on the image size except in the heads that read a whole feature map with one kernel (the own-AU and landmark
// heads at 1/16 size, the critic's AU head): their kernels are as wide as the map. Trained at one size, such a kernel
// is brought to another by repeating each weight over the f × f cells its one cell becomes (f = the sizes' ratio) and
// dividing it by f², so that on a feature map upsampled f times the head gives exactly what it gave before.
import { WeightsMismatchError } from '../../errors.js';
import type { HostTensor } from '../../nn/safetensors.js';

/**
 * `state` with every whole-map kernel resized to the shape `ours` gives it. Tensors of the same shape pass through;
 * a 4-D kernel [o, i, k, k] meeting [o, i, f·k, f·k] (f a whole number) is repeated and divided by f². Returns the
 * state and the names resized; any other difference is left for the loader to report.
 */
export function resizeWholeMapKernels(
  state: Map<string, HostTensor>,
  ours: readonly (readonly [string, readonly number[]])[],
): { state: Map<string, HostTensor>; resized: string[] } {
  const out = new Map(state);
  const resized: string[] = [];
  for (const [name, shape] of ours) {
    const theirs = state.get(name);
    if (!theirs || theirs.shape.join('x') === shape.join('x')) continue;
    const [o, i, h, w] = theirs.shape;
    const f = shape[2]! / h!;
    const fits =
      shape.length === 4 &&
      theirs.shape.length === 4 &&
      shape[0] === o &&
      shape[1] === i &&
      h === w &&
      shape[2] === shape[3] &&
      Number.isInteger(f) &&
      f > 1;
    if (!fits) continue;
    out.set(name, upsampleKernel(theirs, f));
    resized.push(name);
  }
  return { state: out, resized };
}

/** [o, i, k, k] → [o, i, f·k, f·k]: each weight over f × f cells, divided by f². */
function upsampleKernel(t: HostTensor, f: number): HostTensor {
  const [o, i, k] = t.shape as [number, number, number, number];
  if (t.data.length !== o * i * k * k)
    throw new WeightsMismatchError(`a kernel of shape ${t.shape} holds ${t.data.length} values`);
  const K = k * f;
  const data = new Float32Array(o * i * K * K);
  for (let p = 0; p < o * i; p++)
    for (let y = 0; y < K; y++)
      for (let x = 0; x < K; x++)
        data[(p * K + y) * K + x] = t.data[(p * k + Math.floor(y / f)) * k + Math.floor(x / f)]! / (f * f);
  return { shape: [o, i, K, K], data };
}
