// The HTTP API under abuse, on a real server on loopback: malformed and damaged requests, clients that leave.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { connect } from 'node:net';
import sharp from 'sharp';
import { errorOf, form } from '../../tests/support/forms.js';
import { startServer } from '../../tests/support/test-server.js';
import { DEFAULT_LIMITS } from './app.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const photo = readFileSync(join(root, 'assets', 'astronaut.png'));

describe('ganimate serve: abuse', () => {
  let url = '';
  let app: FastifyInstance;
  const post = (path: string, body: FormData | string, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    fetch(url + path, { method: 'POST', body, headers, signal });
  const health = async () => (await (await fetch(`${url}/healthz`)).json()) as { running: number; queued: number };
  const metric = async (name: string) =>
    Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(await (await fetch(`${url}/metrics`)).text())?.[1]);

  before(async () => {
    ({ app, url } = await startServer({ limits: { ...DEFAULT_LIMITS, maxFrames: 200, maxQueue: 8 } }));
  });
  after(() => app.close());

  it('malformed multipart, bad URLs, oversized headers, SVG and declared-size bombs: documented 4xx, never 500', async () => {
    const boundary = '----ganimate';
    const part = `--${boundary}\r\ncontent-disposition: form-data; name="params"\r\n\r\n{"emotion":"happy"}\r\n`;
    const cases: [string, string, Record<string, string>, number, RegExp][] = [
      ['no boundary', part, { 'content-type': 'multipart/form-data' }, 400, /multipart body could not be read/],
      [
        'a boundary absent from the body',
        part,
        { 'content-type': 'multipart/form-data; boundary=elsewhere' },
        400,
        /multipart|no image/,
      ],
      [
        'cut before the closing boundary',
        `${part}--${boundary}\r\ncontent-disposition: form-data; name="image"; filename="a.png"\r\n\r\n\x89PNG`,
        { 'content-type': `multipart/form-data; boundary=${boundary}` },
        400,
        /multipart body could not be read/,
      ],
    ];
    for (const [what, body, headers, status, message] of cases) {
      const r = await post('/v1/edit', body, headers);
      assert.equal(r.status, status, what);
      assert.match((await errorOf(r)).message, message, what);
    }
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="6000" height="6000"><rect width="6000" height="6000"/></svg>',
    );
    const drawing = await post('/v1/edit', form(svg, { emotion: 'happy' }));
    assert.equal(drawing.status, 415);
    assert.match((await errorOf(drawing)).message, /SVG drawing; send a photo/);
    const bomb = await post('/v1/edit', form(await declaredPng(50_000, 50_000), { emotion: 'happy' }));
    assert.equal(bomb.status, 413);
    assert.match((await errorOf(bomb)).message, /50000×50000 = 2500\.0 megapixels, over the limit/);
    const badUrl = await rawRequest(url, 'GET /v1/models%zz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    assert.equal(badUrl.status, 400);
    assert.equal(badUrl.body.error.status, 400);
    const headers = await rawRequest(url, `GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.deepEqual(
      [headers.status, headers.body.error.status, headers.body.error.type],
      [431, 431, 'HeadersTooLarge'],
    );
    assert.equal((await health()).running, 0);
  });

  it('fuzz: 60 randomly damaged multipart requests (flipped, cut, repeated bytes in the framing) get 2xx or 4xx, never 5xx', async () => {
    const small = await sharp(photo).resize(160).png().toBuffer();
    const boundary = '----fuzz';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="params"\r\n\r\n{"emotion":"happy","format":"png"}\r\n--${boundary}\r\ncontent-disposition: form-data; name="image"; filename="a.png"\r\ncontent-type: image/png\r\n\r\n`,
      ),
      small,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    let seed = 12345;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const framing = body.length - small.length; // bytes outside the image
    const statuses: number[] = [];
    for (let k = 0; k < 60; k++) {
      const b = Buffer.from(body);
      const at = (i: number) => (i < framing - 20 ? i : i + small.length); // mostly the framing, not the photo
      let damaged: Buffer = b;
      if (k % 3 === 0) for (let j = 0; j < 1 + rand(4); j++) b[at(rand(framing))] = rand(256);
      else if (k % 3 === 1) damaged = b.subarray(0, rand(b.length));
      else {
        const i = at(rand(framing));
        damaged = Buffer.concat([b.subarray(0, i), b.subarray(i - rand(Math.min(i, 40)), i), b.subarray(i)]);
      }
      const r = await post('/v1/edit', new Uint8Array(damaged) as unknown as string, {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      });
      statuses.push(r.status);
      if (r.status >= 400) await errorOf(r);
      else await r.arrayBuffer();
    }
    assert.ok(
      statuses.every((s) => s < 500),
      `statuses ${statuses.join(' ')}`,
    );
    assert.ok(
      statuses.some((s) => s >= 400),
      'the damage was noticed',
    );
  });

  it('an upload cut off by its client is counted, and answered to nobody', async () => {
    const before = await metric('ganimate_uploads_aborted_total');
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    socket.on('error', () => undefined);
    socket.write(
      `POST /v1/edit HTTP/1.1\r\nhost: x\r\ncontent-type: multipart/form-data; boundary=cut\r\ncontent-length: 100000\r\n\r\n--cut\r\ncontent-disposition: form-data; name="image"; filename="a.png"\r\n\r\n`,
    );
    socket.write(photo.subarray(0, 5000));
    await new Promise((r) => setTimeout(r, 200));
    socket.destroy();
    const t0 = performance.now();
    while ((await metric('ganimate_uploads_aborted_total')) === before && performance.now() - t0 < 3000)
      await new Promise((r) => setTimeout(r, 50));
    assert.equal(await metric('ganimate_uploads_aborted_total'), before + 1);
  });

  it('a client that leaves drops its queued job and stops its running one at the next batch; the worker stays healthy', async () => {
    const restarts = await metric('ganimate_worker_restarts_total');
    const long = new AbortController();
    const running = post('/v1/animate', form(photo, { emotion: 'happy', frames: 200 }), {}, long.signal).catch(
      (e: Error) => e,
    );
    await new Promise((r) => setTimeout(r, 500));
    const waiting = Array.from({ length: 4 }, () => new AbortController());
    const queued = waiting.map((c) =>
      post('/v1/animate', form(photo, { emotion: 'happy', frames: 200 }), {}, c.signal).catch((e: Error) => e),
    );
    // the uploads arrive in their own time on a busy machine: wait for all four (bounded)
    for (const t = performance.now(); (await health()).queued < 4 && performance.now() - t < 10_000;)
      await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await health(), { status: 'ok', workers: 1, running: 1, queued: 4 });
    for (const c of [...waiting, long]) c.abort();
    await Promise.all([running, ...queued]);
    const t0 = performance.now();
    while ((await health()).running > 0) await new Promise((r) => setTimeout(r, 50));
    // 200 frames take tens of seconds; a stop at the next 8-frame batch, well under one
    assert.ok(performance.now() - t0 < 3000, `the running job stopped after ${Math.round(performance.now() - t0)} ms`);
    assert.equal((await health()).queued, 0);
    assert.equal(await metric('ganimate_jobs_cancelled_total'), 5);
    assert.equal(await metric('ganimate_worker_restarts_total'), restarts, 'no worker replaced');
    assert.equal((await post('/v1/edit', form(photo, { emotion: 'happy' }))).status, 200);
  });
});

/** A valid PNG whose header declares width × height (its pixels are a 1×1 image's: a decompression bomb in
 * miniature). */
async function declaredPng(width: number, height: number): Promise<Uint8Array> {
  const png = new Uint8Array(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#888' } })
      .png()
      .toBuffer(),
  );
  const view = new DataView(png.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(png.subarray(12, 29)));
  return png;
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** Sends raw bytes over one connection and returns the status and JSON body of the answer. */
async function rawRequest(
  url: string,
  request: string,
): Promise<{ status: number; body: { error: { status: number; type: string; message: string } } }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.end(request);
  let text = '';
  for await (const chunk of socket) text += String(chunk);
  const [head, body] = [text.slice(0, text.indexOf('\r\n\r\n')), text.slice(text.indexOf('\r\n\r\n') + 4)];
  return { status: Number(head.split(' ')[1]), body: JSON.parse(body) };
}
