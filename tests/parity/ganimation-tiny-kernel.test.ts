// Runs the tiny parity suite under the BLAS kernel the reference was made with (OpenBLAS SkylakeX),
// where every stored value, generator-step gradients and G1 included, must match as stored.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

const avx512 = /\bavx512f\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));

it(
  'parity: ganimation_tiny under the reference BLAS kernel (OPENBLAS_CORETYPE=SkylakeX), every stored value',
  {
    skip: avx512
      ? false
      : 'SKIPPED LOUDLY: this CPU has no AVX-512, so the SkylakeX kernel the reference used cannot run here',
  },
  () => {
    const suite = join(import.meta.dirname, 'ganimation-tiny.test.js');
    const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_CORETYPE: 'SkylakeX' };
    delete env.NODE_TEST_CONTEXT; // else the child reports to our runner instead of its stdout
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', suite], {
      env,
      encoding: 'utf8',
    });
    assert.equal(
      r.status,
      0,
      `the suite failed under SkylakeX:\n${r.stdout
        .split('\n')
        .filter((l) => /not ok|error:/.test(l))
        .join('\n')}`,
    );
    assert.match(r.stdout, /# pass 5/);
    assert.match(r.stdout, /# skipped 0/);
  },
);
