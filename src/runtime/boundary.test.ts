// The deployment side (runtime/, infer/, web/) must run after `npm ci` alone: it may not import the
// native training engine, directly or through any module it imports.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { it } from 'node:test';

const src = resolve(import.meta.dirname, '..', '..', '..', 'src');

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/gm)].map((m) =>
    resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')),
  );
}

function closure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry) || !existsSync(entry)) return seen;
  seen.add(entry);
  for (const dep of imports(entry)) closure(dep, seen);
  return seen;
}

it('runtime/ reaches no module of torch/, nn/ modules, networks/, losses/ or train/', () => {
  for (const entry of ['runtime/onnx-model.ts']) {
    const reached = [...closure(join(src, entry))].map((f) => f.slice(src.length + 1));
    const bad = reached.filter(
      (f) => /^(torch|networks|losses|train)\//.test(f) || (f.startsWith('nn/') && f !== 'nn/safetensors.ts'),
    );
    assert.deepEqual(bad, [], `${entry} reaches the training engine through ${bad.join(', ')}`);
  }
});
