import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { planBatch } from './batch-plan.js';

it('batch plan: a named pipe and a folder are skipped with a reason, clashing names keep their extension', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganimate-plan-'));
  for (const f of ['a.gif', 'a.png', 'b.tiff', 'c.jpg']) writeFileSync(join(dir, f), 'x');
  mkdirSync(join(dir, 'd.png'));
  assert.equal(spawnSync('mkfifo', [join(dir, 'p.jpg')]).status, 0, 'mkfifo');
  const plan = planBatch(dir, ['a.gif', 'a.png', 'b.tiff', 'c.jpg', 'd.png', 'p.jpg'], join(dir, 'out'));
  assert.deepEqual(
    plan.jobs.map((j) => j.out.slice(dir.length + 5)),
    ['a.gif.png', 'a.png', 'b.png', 'c.jpg'],
  );
  assert.deepEqual(
    plan.renamed.map((r) => r.file),
    ['a.gif'],
  );
  assert.deepEqual(
    plan.skipped.map((s) => s.file),
    ['d.png', 'p.jpg'],
  );
  assert.match(plan.skipped[1]!.reason, /not a regular file/);
});

it('batch plan: writing over inputs is refused unless asked; temporary files of dead processes are removed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganimate-plan-'));
  for (const f of ['a.jpg', 'b.gif']) writeFileSync(join(dir, f), 'x');
  assert.throws(
    () => planBatch(dir, ['a.jpg', 'b.gif'], dir),
    /would write over 1 input photo \(a\.jpg…\); choose another -o folder, or pass --overwrite/,
  );
  assert.equal(planBatch(dir, ['a.jpg', 'b.gif'], dir, { overwrite: true }).jobs.length, 2);
  // pid 2^22 + 1 is above Linux's largest pid: no such process
  const [stale, live] = ['a.jpg.tmp-4194305', `b.png.tmp-${process.ppid}`];
  for (const f of [stale, live]) writeFileSync(join(dir, f), 'half');
  const plan = planBatch(dir, ['a.jpg'], join(dir, '..', 'elsewhere-' + Date.now()));
  assert.deepEqual(plan.removedTemps, [], 'another folder is left alone');
  assert.deepEqual(planBatch(dir, ['a.jpg', 'b.gif'], dir, { overwrite: true }).removedTemps, [stale]);
  assert.ok(!existsSync(join(dir, stale)) && existsSync(join(dir, live)), readdirSync(dir).join(', '));
});
