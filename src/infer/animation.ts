// Animations: AU interpolation from a face's own expression to a target (SPEC §5), rendered in batches; the files
// they are written to are video/frame-sink.ts's.
import type { AuVector } from '../au/action-units.js';
import { readNumber } from './request.js';
import type { RgbImage } from '../image/rgb-image.js';
import type { FaceEditor, Prepared } from './face-editor.js';

/** y = (1 − α)·source + α·target for α = 0 … 1 over `frames` frames. */
export function interpolate(source: AuVector, target: AuVector, frames: number): AuVector[] {
  readNumber('frames', frames);
  return Array.from({ length: frames }, (_, k) => {
    const a = k / (frames - 1);
    return source.map((s, i) => (1 - a) * s + a * target[i]!);
  });
}

/** Frames rendered per generator call. */
const CHUNK = 8;

/** Renders an animation of the prepared faces from their own AUs (`sources`) to `target` into `sink`, a chunk at a
 * time: each chunk is handed to the generator (ONNX Runtime's threads) before the frames of the one before it are
 * written, so encoding overlaps rendering. `onFrames` is told after each frame written; `check` is called before each
 * chunk and each frame (it throws to stop). */
export async function renderAnimationTo(
  editor: FaceEditor,
  p: Prepared,
  sources: AuVector[],
  target: AuVector,
  frames: number,
  sink: { write(f: RgbImage): Promise<void> },
  o: { onFrames?: (n: number) => void; check?: () => void } = {},
): Promise<void> {
  const perFace = sources.map((s) => interpolate(s, target, frames));
  const chunk = (k: number) =>
    editor.render(
      p,
      Array.from({ length: Math.min(CHUNK, frames - k) }, (_, j) => perFace.map((f) => f[k + j]!)),
    );
  o.check?.();
  let next: Promise<RgbImage[]> | undefined = chunk(0);
  for (let k = 0; next; k += CHUNK) {
    const done: RgbImage[] = await next;
    o.check?.();
    next = k + CHUNK < frames ? chunk(k + CHUNK) : undefined;
    // a failed chunk ahead is reported by its own await; until then it must not count as unhandled
    next?.catch(() => undefined);
    for (const f of done) {
      // a turn of the event loop before each frame, so that a stop (a message, a signal) is seen within one frame
      await new Promise((resolve) => setImmediate(resolve));
      o.check?.();
      await sink.write(f);
      o.onFrames?.(1);
    }
  }
}
