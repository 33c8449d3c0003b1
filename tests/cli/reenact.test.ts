// `ganimate reenact` end to end: the real binary, the sample photo, cuts of the real driving clips made here
// (nothing from shared/ is copied into the package), small random-weight models.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { ffmpegPath } from '../../src/video/ffmpeg.js';
import { cliSandbox, repoRoot as root, samplePhoto as photo } from '../support/cli-sandbox.js';

const driving = join(root, '..', 'shared', 'datasets', 'driving');
const { dir, M, ganimate } = cliSandbox('reenact');

function ffmpeg(...args: string[]): string {
  const r = spawnSync(ffmpegPath(), ['-hide_banner', ...args], { encoding: 'utf8' });
  return r.stderr;
}

/** Decoded video frames and whether there is an audio stream, as ffmpeg counts them. */
function streams(path: string): { frames: number; audio: boolean } {
  const text = ffmpeg('-i', path, '-map', '0:v:0', '-f', 'null', '-');
  const frames = [...text.matchAll(/frame=\s*(\d+)/g)].map((m) => Number(m[1])).pop() ?? 0;
  return { frames, audio: /Stream #0:\d+[^\n]*: Audio:/.test(text) };
}

/** The first `seconds` of a driving clip, re-encoded so the cut has exactly the frames it says. */
function cut(clip: string, seconds: number, extra: string[] = []): string {
  const out = join(dir, `${clip}-${seconds}s${extra.length ? '-x' : ''}.mp4`);
  ffmpeg(
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
    ...extra,
    out,
  );
  return out;
}

describe(
  'ganimate reenact',
  { skip: existsSync(driving) ? false : `${driving} is missing: put shared/ beside the checkout` },
  () => {
    it('an MP4 driver with sound gives an MP4 with as many frames, and the sound', () => {
      const driver = cut('d3', 1);
      const want = streams(driver);
      assert.ok(want.frames >= 25 && want.audio, JSON.stringify(want));
      const out = join(dir, 'out.mp4');
      const r = ganimate('reenact', photo, '--driver', driver, '-o', out, '--json', ...M);
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out);
      assert.equal(json.frames, want.frames);
      assert.equal(json.audio, true);
      assert.deepEqual(streams(out), want);
      assert.match(r.err, /reenact \[#+\] \d+\/\d+ [\d.]+ frames\/s ETA/, 'a progress bar with rate and ETA');
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.includes('.tmp-')),
        [],
        'no temporary file left',
      );
    });

    it('a driver without sound, a GIF, a folder of frames both ways, absolute mode, no smoothing', async () => {
      const silent = cut('d0', 0.6);
      const n = streams(silent).frames;
      const gif = join(dir, 'silent.gif');
      assert.equal(ganimate('reenact', photo, '--driver', silent, '-o', gif, '--mode', 'absolute', ...M).code, 0);
      assert.equal((await sharp(gif, { animated: true }).metadata()).pages, n);
      const frames = join(dir, 'driver-frames');
      mkdirSync(frames);
      ffmpeg('-v', 'error', '-i', silent, join(frames, 'f%03d.png'));
      const r = ganimate('reenact', photo, '--driver', frames, '-o', join(dir, 'out-frames/'), '--no-smoothing', ...M);
      assert.equal(r.code, 0, r.err);
      assert.equal(readdirSync(join(dir, 'out-frames')).length, n);
      assert.equal(streams(join(dir, 'silent.mp4')).frames, 0, 'nothing written where nothing was asked');
      const m = ganimate('reenact', photo, '--driver', silent, '-o', join(dir, 'silent.mp4'), ...M);
      assert.equal(m.code, 0, m.err);
      assert.deepEqual(streams(join(dir, 'silent.mp4')), { frames: n, audio: false });
    });

    it('a truncated video, a still image, a text file or a missing driver exit 2 with what to send, leaving no output', () => {
      const whole = cut('d3', 1.5, ['-movflags', '+faststart']);
      const bytes = readFileSync(whole);
      const truncated = join(dir, 'truncated.mp4');
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.55)));
      const headless = join(dir, 'headless.mp4');
      writeFileSync(headless, bytes.subarray(0, 4000));
      const text = join(dir, 'notes.mp4');
      writeFileSync(text, 'not a video\n');
      for (const [driver, says] of [
        [truncated, /could not be decoded past frame \d+ of about \d+ .*is the file complete/],
        [headless, /could not be decoded past frame 0 .*is the file complete/],
        [text, /is not a readable video/],
        [photo, /is a still image; reenactment needs a video/],
        [join(dir, 'nope.mp4'), /does not exist/],
      ] as const) {
        const out = join(dir, 'bad.mp4');
        const r = ganimate('reenact', photo, '--driver', driver, '-o', out, ...M);
        assert.equal(r.code, 2, `${driver}: ${r.err}`);
        assert.match(r.err, says);
        assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
        assert.ok(!existsSync(out), 'no output');
      }
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.includes('.tmp-')),
        [],
        'no temporary file left',
      );
      assert.match(
        ganimate('reenact', photo, '--driver', whole, '-o', join(dir, 'x.mp4'), '--mode', 'mirror', ...M).err,
        /--mode must be one of relative, absolute/,
      );
    });
  },
);
