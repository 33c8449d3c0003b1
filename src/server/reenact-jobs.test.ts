// POST /v1/reenact on a real server on loopback: a job the client follows by id, with progress, a result that
// downloads when done and expires, that runs on when its client leaves; bad videos answered at once with a 4xx.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { startServer } from '../../tests/support/test-server.js';
import { ffmpegPath } from '../video/ffmpeg.js';
import { DEFAULT_LIMITS } from './app.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const photo = readFileSync(join(root, 'assets', 'astronaut.png'));
const driving = join(root, '..', 'shared', 'datasets', 'driving');
const dir = mkdtempSync(join(tmpdir(), 'ganimate-reenact-jobs-'));

/** The first `seconds` of a driving clip (made here; nothing from shared/ enters the package). */
function cut(clip: string, seconds: number): Uint8Array {
  const out = join(dir, `${clip}-${seconds}.mp4`);
  spawnSync(ffmpegPath(), [
    '-v',
    'error',
    '-y',
    '-i',
    join(driving, `${clip}.mp4`),
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    out,
  ]);
  return readFileSync(out);
}

function frameCount(bytes: Uint8Array): { frames: number; audio: boolean } {
  const f = join(dir, `probe-${Math.random().toString(36).slice(2)}.mp4`);
  writeFileSync(f, bytes);
  const text = spawnSync(ffmpegPath(), ['-hide_banner', '-i', f, '-map', '0:v:0', '-f', 'null', '-'], {
    encoding: 'utf8',
  }).stderr;
  return {
    frames: Number([...text.matchAll(/frame=\s*(\d+)/g)].pop()?.[1] ?? 0),
    audio: /Stream #0:\d+[^\n]*: Audio:/.test(text),
  };
}

function form(video: Uint8Array | undefined, params?: unknown): FormData {
  const f = new FormData();
  f.append('image', new Blob([new Uint8Array(photo)]), 'photo.png');
  if (video) f.append('video', new Blob([new Uint8Array(video)]), 'driver.mp4');
  if (params !== undefined) f.append('params', JSON.stringify(params));
  return f;
}

type JobView = {
  id: string;
  status: string;
  progress: { frames: number; total: number };
  result?: string;
  url: string;
  error?: { status: number; message: string };
};

describe(
  'ganimate serve: reenactment jobs',
  { skip: existsSync(driving) ? false : `${driving} is missing: put shared/ beside the checkout` },
  () => {
    let url = '';
    let app: FastifyInstance;
    const clip = cut('d3', 1);
    const want = frameCount(clip);

    before(async () => {
      ({ app, url } = await startServer({
        limits: { ...DEFAULT_LIMITS, maxVideoSeconds: 3, maxVideoFrames: 90, jobTtlMs: 1500 },
      }));
    });
    after(() => app.close());

    const poll = async (id: string): Promise<JobView> => {
      for (;;) {
        const j = (await (await fetch(`${url}/v1/jobs/${id}`)).json()) as JobView;
        if (j.status === 'done' || j.status === 'failed') return j;
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    it('202 with an id at once, progress while it runs, the MP4 with every frame and the sound when done, then it expires', async () => {
      const r = await fetch(`${url}/v1/reenact`, { method: 'POST', body: form(clip) });
      assert.equal(r.status, 202);
      const job = (await r.json()) as JobView;
      assert.equal(r.headers.get('location'), `/v1/jobs/${job.id}`);
      assert.ok(
        Math.abs(job.progress.total - want.frames) <= 2,
        `expected frames ${job.progress.total} (duration × rate) vs ${want.frames} decoded`,
      );
      const early = await fetch(`${url}/v1/jobs/${job.id}/result`);
      assert.equal(early.status, 409, 'not finished yet');
      assert.match(((await early.json()) as { error: { message: string } }).error.message, /poll GET \/v1\/jobs\//);
      const seen = new Set<number>();
      for (let j = job; j.status !== 'done'; j = (await (await fetch(`${url}/v1/jobs/${job.id}`)).json()) as JobView) {
        assert.notEqual(j.status, 'failed', JSON.stringify(j.error));
        seen.add(j.progress.frames);
        await new Promise((res) => setTimeout(res, 50));
      }
      assert.ok(seen.size >= 2, `progress seen: ${[...seen].join(', ')}`);
      const done = await poll(job.id);
      assert.equal(done.progress.frames, want.frames);
      const video = await fetch(url + done.result!);
      assert.equal(video.status, 200);
      assert.equal(video.headers.get('content-type'), 'video/mp4');
      assert.deepEqual(frameCount(new Uint8Array(await video.arrayBuffer())), want);
      await new Promise((res) => setTimeout(res, 1700));
      const gone = await fetch(`${url}/v1/jobs/${job.id}/result`);
      assert.equal(gone.status, 404);
      assert.match(((await gone.json()) as { error: { message: string } }).error.message, /expired/);
    });

    it('a job runs on when its client leaves right after posting', async () => {
      const controller = new AbortController();
      const r = await fetch(`${url}/v1/reenact`, {
        method: 'POST',
        body: form(clip, { format: 'gif', mode: 'absolute' }),
        signal: controller.signal,
      });
      const { id } = (await r.json()) as JobView;
      controller.abort();
      const done = await poll(id);
      assert.equal(done.status, 'done');
      assert.equal((await fetch(url + done.result!)).headers.get('content-type'), 'image/gif');
    });

    it('bad videos and parameters get a 4xx at once that says what to send', async () => {
      const whole = cut('d3', 1);
      const cases: [FormData, number, RegExp][] = [
        [form(undefined), 400, /send the driving video as the multipart file field "video"/],
        [form(new TextEncoder().encode('not a video')), 415, /the "video" file is not a readable video/],
        [form(photo), 415, /is a still image; reenactment needs a video/],
        [form(whole.subarray(0, 3000)), 415, /not a readable video \(moov atom not found\)/],
        [form(cut('d6', 4)), 413, /send at most 3 s and 90 frames/],
        [form(whole, { mode: 'mirror' }), 400, /"mode" must be one of relative, absolute/],
        [form(whole, { fps: 12 }), 400, /unknown parameter "fps"/],
      ];
      for (const [body, status, says] of cases) {
        const r = await fetch(`${url}/v1/reenact`, { method: 'POST', body });
        assert.equal(r.status, status, says.source);
        assert.match(((await r.json()) as { error: { message: string } }).error.message, says);
      }
      const unknown = await fetch(`${url}/v1/jobs/0123456789abcdef01234567`);
      assert.equal(unknown.status, 404);
    });
  },
);
