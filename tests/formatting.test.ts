// The formatter's verdict as a test: every TypeScript and JavaScript source is as prettier (.prettierrc.json, width
// 120)
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

// prettier leaves comments as they are written; this keeps them within the same width (generated data files, which
// say so on their first line, and the code generators' templates in tools/ aside)
it('no comment line in src, tests or bench is wider than 120 characters', () => {
  const wide: string[] = [];
  for (const file of ['src', 'tests', 'bench'].flatMap((f) => sources(join(root, f)))) {
    const lines = readFileSync(file, 'utf8').split('\n');
    if (lines[0]!.startsWith('// Generated')) continue;
    lines.forEach((line, i) => {
      if (line.length > 120 && /^\s*(\/\/|\/\*\*|\* )/.test(line)) wide.push(`${relative(root, file)}:${i + 1}`);
    });
  }
  assert.deepEqual(wide, [], 'wrap these comments at 120');
});
