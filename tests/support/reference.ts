// Access to ../shared/reference (beside the checkout) and the comparison the parity suites use.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HostTensor, readSafetensors, type SafetensorsFile } from '../../src/nn/safetensors.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const sharedDir = process.env.GANIMATE_SHARED ?? resolve(repoRoot, '..', 'shared');
export const referenceDir = join(sharedDir, 'reference');

export function loadReference(name: string): SafetensorsFile {
  const path = join(referenceDir, name);
  if (!existsSync(path))
    throw new Error(
      `parity reference ${path} is missing: clone ganimate with shared/ beside it, or set GANIMATE_SHARED`,
    );
  return readSafetensors(path);
}

/** max|a - b| / max|b|: relative to the reference's scale, so near-zero entries do not dominate. */
export function relError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != reference ${expected.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  if (!Number.isFinite(diff)) return Infinity;
  return scale === 0 ? diff : diff / scale;
}

/** The entries of a reference file under `prefix`, with the prefix removed (e.g. 'G0.' → a state dict). */
export function prefixed(file: SafetensorsFile, prefix: string): Map<string, HostTensor> {
  return new Map([...file.tensors].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
}

export function entry(file: SafetensorsFile, key: string): HostTensor {
  const t = file.tensors.get(key);
  if (!t) throw new Error(`reference lacks ${key}`);
  return t;
}
