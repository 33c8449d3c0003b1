import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { testModels } from '../../tests/support/test-server.js';
import { needsMallocTuning } from './relaunch.js';

const bin = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'ganimate.js');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('serve relaunches itself with glibc malloc tuned', () => {
  it('only serve, only once, and never over a setting of the user', () => {
    assert.equal(needsMallocTuning(['serve', '--port', '0'], {}), process.platform === 'linux');
    assert.equal(needsMallocTuning(['edit', 'a.jpg'], {}), false);
    assert.equal(needsMallocTuning(['serve'], { GANIMATE_RELAUNCHED: '1' }), false);
    assert.equal(needsMallocTuning(['serve'], { MALLOC_MMAP_THRESHOLD_: '1048576' }), false);
  });

  it(
    'a real server: the child has the setting, SIGTERM to the parent stops both, exit code 0',
    { skip: process.platform !== 'linux' && 'reads /proc' },
    async () => {
      const { generator, estimator } = testModels();
      const env = { ...process.env };
      delete env.MALLOC_MMAP_THRESHOLD_;
      delete env.GANIMATE_RELAUNCHED;
      const parent = spawn(
        process.execPath,
        [
          bin,
          'serve',
          '--port',
          '0',
          '--workers',
          '1',
          '--threads',
          '1',
          '--model',
          generator,
          '--estimator',
          estimator,
          '--shutdown-grace',
          '1',
        ],
        { env },
      );
      let text = '';
      parent.stderr.on('data', (d: Buffer) => void (text += d));
      const exited = new Promise<number | null>((res) => parent.on('exit', (code) => res(code)));
      const url = await new Promise<string>((res, rej) => {
        parent.stderr.on('data', () => {
          const m = /serving (http:\/\/\S+)/.exec(text);
          if (m) res(m[1]!);
        });
        void exited.then(() => rej(new Error(`server exited: ${text}`)));
      });
      const children = readFileSync(join('/proc', String(parent.pid), 'task', String(parent.pid), 'children'), 'utf8')
        .trim()
        .split(' ')
        .map(Number);
      assert.equal(children.length, 1, 'one child: the server');
      const child = children[0]!;
      const environ = readFileSync(`/proc/${child}/environ`, 'utf8').split('\0');
      assert.ok(environ.includes('MALLOC_MMAP_THRESHOLD_=262144'), 'the child runs with the mmap threshold');
      assert.equal((await fetch(`${url}/healthz`)).status, 200, 'the child serves');
      parent.kill('SIGTERM');
      assert.equal(await exited, 0, text);
      assert.equal(alive(child), false, 'the child has stopped with its parent');
    },
  );
});
