// A numeric command-line option read within bounds. Its own file so that commands such as train, which need no
// ONNX Runtime, do not load the editing stack that models.ts brings.
import { GanimateError } from '../errors.js';

/** `--name`'s value as a number from `min` to `max`, else an error that says what it must be. */
export function number(v: string | boolean | undefined, name: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new GanimateError(`--${name} must be a number from ${min} to ${max}, got ${v}`);
  return n;
}
