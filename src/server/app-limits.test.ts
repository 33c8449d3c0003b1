// The HTTP API at its limits, on a real server on loopback: a full queue, shutdown, job timeouts, a worker that cannot
// start.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { errorOf, form } from '../../tests/support/forms.js';
import { startServer } from '../../tests/support/test-server.js';
import { buildServer, DEFAULT_LIMITS } from './app.js';
import { jobTimeout } from './worker-pool.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const photo = readFileSync(join(root, 'assets', 'astronaut.png'));

describe('ganimate serve: limits and shutdown', () => {
  it('a full queue answers 503 with Retry-After; close() finishes the running job first', async () => {
    const { app, url } = await startServer({ limits: { ...DEFAULT_LIMITS, maxQueue: 0 } });
    const slow = fetch(`${url}/v1/animate`, { method: 'POST', body: form(photo, { emotion: 'happy', frames: 16 }) });
    await new Promise((r) => setTimeout(r, 300)); // the animation is running
    const busy = await fetch(`${url}/v1/edit`, { method: 'POST', body: form(photo, { emotion: 'happy' }) });
    assert.equal(busy.status, 503);
    assert.match(
      busy.headers.get('retry-after') ?? '',
      /^[1-9]\d*$/,
      'Retry-After: the expected wait in whole seconds',
    );
    assert.match((await errorOf(busy)).message, /busy/);
    const closed = app.close();
    const r = await slow;
    assert.equal(r.status, 200, 'the running job finished during shutdown');
    assert.equal((await sharp(Buffer.from(await r.arrayBuffer()), { animated: true }).metadata()).pages, 16);
    await closed;
    await assert.rejects(fetch(`${url}/healthz`));
  });

  it('shutdown refuses queued jobs with 503 and stops a job that outlives the grace period', async () => {
    const { app, url } = await startServer({ limits: { ...DEFAULT_LIMITS, maxFrames: 400 }, shutdownGraceMs: 300 });
    const animate = () =>
      fetch(`${url}/v1/animate`, { method: 'POST', body: form(photo, { emotion: 'happy', frames: 400 }) });
    const [running, queued] = [animate(), (await new Promise((r) => setTimeout(r, 400)), animate())];
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    await app.close();
    // bounded by design: the grace, then at most STOP_WAIT_MS (10 s) for the worker to stop at its next 8-frame batch,
    // then 1 s to terminate; the 400-frame animation itself would run for minutes (on an idle machine this takes about
    // 1 s)
    assert.ok(
      performance.now() - t0 < 11_500,
      `shutdown took ${Math.round(performance.now() - t0)} ms with a 300 ms grace`,
    );
    for (const r of await Promise.all([running, queued])) {
      assert.equal(r.status, 503);
      assert.match((await errorOf(r)).message, /shut/);
    }
  });

  it('the job timeout scales with the frames an animation declares', () => {
    const animate = (frames: number) => ({
      kind: 'animate' as const,
      image: new Uint8Array(),
      params: { aligned: false, frames, fps: 12, format: 'gif' as const },
    });
    assert.equal(
      jobTimeout({ kind: 'estimate', image: new Uint8Array(), params: { aligned: false, crops: false } }, 120_000),
      120_000,
    );
    assert.equal(jobTimeout(animate(24), 120_000), 120_000);
    assert.equal(jobTimeout(animate(120), 120_000), 300_000);
  });

  it('a worker that cannot load its model fails start-up with the reason', async () => {
    await assert.rejects(
      buildServer({
        generator: join(root, 'README.md'),
        workers: 1,
        threads: 1,
        minConfidence: 0.5,
        limits: DEFAULT_LIMITS,
      }),
      /README\.md/,
    );
  });
});
