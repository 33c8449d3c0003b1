// An optional observer of ops, for tracing modules into graphs (src/onnx). When none is set, the
// cost is one null check per op.
import type { NativeTensor } from './native-types.js';

export type AttrValue = number | string | readonly number[] | boolean | null;

export interface OpRecord<T> {
  op: string;
  inputs: readonly (T | number | null)[];
  output: T;
  attrs: Record<string, AttrValue>;
}

export interface OpObserver<T> {
  record(r: OpRecord<T>): void;
  /** A tensor made while observing by something that does not report itself. */
  unreported(t: T): void;
}

let observer: OpObserver<unknown> | null = null;
let depth = 0;

export function setObserver<T>(o: OpObserver<T> | null): void {
  observer = o as OpObserver<unknown> | null;
}

export function observing(): boolean {
  return observer !== null;
}

/** Runs a native op; while observed, reports it with its inputs and attributes. */
export function reported<T>(
  op: string,
  inputs: readonly (T | number | null)[],
  attrs: Record<string, AttrValue>,
  run: () => NativeTensor,
  wrap: (h: NativeTensor) => T,
): T {
  if (!observer) return wrap(run());
  depth++;
  let out: T;
  try {
    out = wrap(run());
  } finally {
    depth--;
  }
  observer.record({ op, inputs, output: out, attrs });
  return out;
}

/** Called for every new tensor handle. */
export function noteCreated(t: unknown): void {
  if (observer && depth === 0) observer.unreported(t);
}
