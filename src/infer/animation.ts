// Animations: AU interpolation from a face's own expression to a target (SPEC §5), rendered in batches; the files
// they are written to are video/animation-file.ts's.
import type { AuVector } from '../au/action-units.js';
import { GanimateError } from '../errors.js';
import type { RgbImage } from '../image/rgb-image.js';
import type { FaceEditor, Prepared } from './face-editor.js';

/** y = (1 − α)·source + α·target for α = 0 … 1 over `frames` frames. */
export function interpolate(source: AuVector, target: AuVector, frames: number): AuVector[] {
  if (!Number.isInteger(frames) || frames < 2 || frames > 600) throw new GanimateError(`--frames must be an integer from 2 to 600, got ${frames}`);
  return Array.from({ length: frames }, (_, k) => {
    const a = k / (frames - 1);
    return source.map((s, i) => (1 - a) * s + a * target[i]!);
  });
}

/** Every frame of an animation of the prepared faces from their own AUs (`sources`) to `target`. */
export async function renderAnimation(editor: FaceEditor, p: Prepared, sources: AuVector[], target: AuVector, frames: number, onFrames?: (n: number) => void): Promise<RgbImage[]> {
  const perFace = sources.map((s) => interpolate(s, target, frames));
  const out: RgbImage[] = [];
  for (let k = 0; k < frames; k += 8) {
    const chunk = Array.from({ length: Math.min(8, frames - k) }, (_, j) => perFace.map((f) => f[k + j]!));
    out.push(...(await editor.render(p, chunk)));
    onFrames?.(chunk.length);
  }
  return out;
}
