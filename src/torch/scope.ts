// Deterministic release of native memory: tensors made inside scope() are disposed when it
// returns, except those it returns (which move to the enclosing scope) and those kept.
export interface Disposable {
  dispose(): void;
  /** Hands the tensor's release to the garbage collector (and tells V8 its native size). */
  unscoped(): void;
  kept: boolean;
}

const scopes: Set<Disposable>[] = [];

/** Called by every new tensor handle. */
export function track(t: Disposable): void {
  const top = scopes[scopes.length - 1];
  if (top) top.add(t);
  else t.unscoped();
}

/** Runs fn, then disposes every tensor it made that is neither returned nor kept. Synchronous only. */
export function scope<R>(fn: () => R): R {
  const mine = new Set<Disposable>();
  scopes.push(mine);
  let result: R;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of mine) if (!t.kept) t.dispose();
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) throw new Error('scope() takes a synchronous function; await outside it');
  const returned = new Set<Disposable>();
  collect(result, returned, 0);
  for (const t of mine) {
    if (returned.has(t)) track(t);
    else if (!t.kept) t.dispose();
  }
  return result;
}

/** Exempts t from every scope: it lives until disposed explicitly (parameters, optimizer state). */
export function keep<T extends Disposable>(t: T): T {
  t.kept = true;
  for (const s of scopes) s.delete(t);
  t.unscoped();
  return t;
}

function collect(v: unknown, out: Set<Disposable>, depth: number): void {
  if (v === null || typeof v !== 'object' || depth > 4) return;
  if ('dispose' in v && 'kept' in v) {
    out.add(v as Disposable);
    return;
  }
  const values = Array.isArray(v) ? v : v instanceof Map ? [...v.values()] : Object.values(v);
  for (const x of values) collect(x, out, depth + 1);
}
