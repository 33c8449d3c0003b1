// The import direction over all of src/ (docs/architecture.md): a module imports from its own folder or from a
// lower layer, never from a higher one (so training never reaches the CLI, video never reaches inference, and the
// HTTP server is only ever imported by the CLI). Tests may import anything.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { it } from 'node:test';

const src = resolve(import.meta.dirname, '..', '..', 'src');

/** Layers, lowest first; a name is a folder of src/ or a file at its top. */
export const LAYERS: string[][] = [
  ['errors.ts', 'shipped-models.ts'],
  ['random', 'io', 'au', 'torch', 'runtime'],
  ['nn', 'image'],
  ['face'],
  ['networks', 'metrics', 'data'],
  ['losses', 'onnx', 'video'],
  ['infer', 'train'],
  ['models'],
  ['server'],
  ['cli'],
  ['index.ts'],
];

const layerOf = (unit: string): number => {
  const i = LAYERS.findIndex((l) => l.includes(unit));
  assert.ok(i >= 0, `${unit} is in no layer of src/architecture.test.ts: add it (and to docs/architecture.md)`);
  return i;
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory()
      ? files(p)
      : f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts')
        ? [p]
        : [];
  });
}

const unitOf = (file: string) => relative(src, file).split('/')[0]!.replace(/\.js$/, '.ts');

it('import direction: every import in src/ points to the same folder or a lower layer', () => {
  const wrong: string[] = [];
  for (const file of files(src)) {
    const from = unitOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/gm)) {
      const to = unitOf(resolve(dirname(file), m[1]!));
      if (to !== from && layerOf(to) >= layerOf(from))
        wrong.push(
          `${relative(src, file)} imports ${m[1]} (${to}, layer ${layerOf(to)}; ${from} is layer ${layerOf(from)})`,
        );
    }
  }
  assert.deepEqual(wrong, []);
});
