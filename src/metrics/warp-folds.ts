// Where a warp folds: the Jacobian determinant of its sampling map p → p + flow(p) is ≤ 0, so the edit
// shows the same stretch of the photo twice, mirrored — the hooks and curls of hair, brows and lips that
// strong expressions of a flow generator print, and that neither spectral artefacts nor SWD see.
// (The training penalty on the same quantity is src/losses/flow-folds.ts.)

/** Share of pixels at which the flow [2, S, S] (x then y, normalised: −1 … 1 across the image) folds. */
export function foldedShare(flow: Float32Array, size: number): number {
  const plane = size * size;
  if (flow.length !== 2 * plane)
    throw new RangeError(`a flow of ${size}×${size} has ${2 * plane} values, got ${flow.length}`);
  const px = (size - 1) / 2;
  const u = (y: number, x: number) => flow[y * size + x]! * px;
  const v = (y: number, x: number) => flow[plane + y * size + x]! * px;
  let folded = 0;
  for (let y = 0; y < size - 1; y++) {
    for (let x = 0; x < size - 1; x++) {
      const [dux, duy] = [u(y, x + 1) - u(y, x), u(y + 1, x) - u(y, x)];
      const [dvx, dvy] = [v(y, x + 1) - v(y, x), v(y + 1, x) - v(y, x)];
      if ((1 + dux) * (1 + dvy) - duy * dvx <= 0) folded++;
    }
  }
  return folded / ((size - 1) * (size - 1));
}

/** Edits whose folded share exceeds this count as folded: a few pixels, not a curl. */
export const FOLDED_EDIT = 0.001;

/** Folds over many edits: the mean folded share and the share of edits that fold visibly. */
export class FoldMeter {
  private sum = 0;
  private folded = 0;
  count = 0;

  add(flow: Float32Array, size: number): void {
    const s = foldedShare(flow, size);
    this.sum += s;
    this.folded += s > FOLDED_EDIT ? 1 : 0;
    this.count++;
  }

  summary(): { pixelShare: number; editShare: number; count: number } {
    const n = Math.max(1, this.count);
    return { pixelShare: this.sum / n, editShare: this.folded / n, count: this.count };
  }
}
