// The web app's live mode in a real browser: Debian's chromium through playwright-core, its fake camera fed from a
// cut of a real driving clip (made here as Y4M), against a real server on loopback. The camera's face, tracked
// and read in the page, drives the photo's face: the rendered face changes as the read expression does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { startServer } from '../../tests/support/test-server.js';
import { SHIPPED } from '../shipped-models.js';
import { ffmpegPath } from '../video/ffmpeg.js';

const CHROMIUM = '/usr/bin/chromium';
const root = resolve(import.meta.dirname, '..', '..', '..');
const photo = join(root, 'assets', 'astronaut.png');
const clip = join(root, '..', 'shared', 'datasets', 'driving', 'd3.mp4');
const missing = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed (apt-get install -y chromium)`
  : !existsSync(clip)
    ? `${clip} is missing: put shared/ beside the checkout`
    : false;
if (missing) console.warn(`SKIPPED live-mode browser test: ${missing}`);

describe('web app live mode: the camera drives the photo', { skip: missing }, () => {
  let browser: Browser;
  let app: FastifyInstance;
  let url = '';

  before(async () => {
    const camera = join(mkdtempSync(join(tmpdir(), 'ganimate-live-')), 'camera.y4m');
    // two seconds with a wink and a grimace, at the camera's size
    const r = spawnSync(ffmpegPath(), [
      '-v',
      'error',
      '-y',
      '-i',
      clip,
      '-t',
      '2',
      '-vf',
      'scale=640:480,fps=15',
      '-pix_fmt',
      'yuv420p',
      camera,
    ]);
    assert.equal(r.status, 0, String(r.stderr));
    // the shipped AU estimator reads the camera's real face (a random one reads nothing); the generator is the tests'
    // small one
    ({ app, url } = await startServer({ estimator: SHIPPED.estimator }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${camera}`,
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('tracks the camera face in the page, shows the frame rate, and renders a new face when the read expression changes', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.setInputFiles('#file', photo);
    await page.waitForFunction(
      () => document.getElementById('engine')!.textContent === '(in your browser)',
      undefined,
      { timeout: 90_000 },
    );
    await page.click('#live');
    await page.waitForFunction(
      () => /frames\/s/.test(document.getElementById('live-fps')!.textContent ?? ''),
      undefined,
      { timeout: 120_000 },
    );
    // sample the rendered face and the target it was rendered for, a frame apart, for a while
    const samples: { target: string; image: string; fps: string }[] = [];
    for (let k = 0; k < 12; k++) {
      const v = await page.evaluate(() => Number(document.getElementById('preview')!.dataset.version));
      await page.waitForFunction((was) => Number(document.getElementById('preview')!.dataset.version) > was, v, {
        timeout: 30_000,
      });
      samples.push(
        await page.evaluate(() => ({
          target: document.getElementById('preview')!.dataset.target ?? '',
          image: (document.getElementById('preview') as HTMLCanvasElement).toDataURL(),
          fps: document.getElementById('live-fps')!.textContent ?? '',
        })),
      );
    }
    assert.ok(
      samples.every((s) => /^\d+(\.\d)? frames\/s/.test(s.fps)),
      samples.map((s) => s.fps).join(' | '),
    );
    const targets = new Set(samples.map((s) => s.target));
    assert.ok(targets.size >= 3, `the camera's expression was read as ${targets.size} distinct targets`);
    // the same target renders the same face; a different one a different face
    for (const a of samples)
      for (const b of samples)
        assert.equal(a.target === b.target, a.image === b.image, 'face changes exactly when the target does');
    assert.ok(
      samples.some((s) => !/no face/.test(s.fps)),
      'the camera face was found',
    );
    await page.click('#live');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
