// The formatter's verdict as a test: every TypeScript and JavaScript source is as prettier (.prettierrc.json, width 120)
// writes it. `npm run format` rewrites what fails.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { it } from 'node:test';
import prettier from 'prettier';

const root = resolve(import.meta.dirname, '..', '..');
const FOLDERS = ['src', 'tests', 'bench', 'tools', 'scripts', 'web', 'bin'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
    return /\.(ts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

it('every source file is formatted by prettier (`npm run format` fixes it)', async () => {
  const files = FOLDERS.flatMap((f) => sources(join(root, f)));
  assert.ok(files.length > 200, `${files.length} files found`);
  const unformatted: string[] = [];
  for (const file of files) {
    // the same files as `npm run format` (.prettierignore respected)
    if ((await prettier.getFileInfo(file, { ignorePath: join(root, '.prettierignore') })).ignored) continue;
    const options = await prettier.resolveConfig(file);
    if (!(await prettier.check(readFileSync(file, 'utf8'), { ...options, filepath: file })))
      unformatted.push(relative(root, file));
  }
  assert.deepEqual(unformatted, [], 'run `npm run format`');
});
