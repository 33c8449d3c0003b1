// The HTTP API on a real server on loopback, with small random-weight ONNX models and real photos.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { startServer, testModels, testTransferModel } from '../../tests/support/test-server.js';
import { buildServer, DEFAULT_LIMITS } from './app.js';
import { jobTimeout } from './worker-pool.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const photo = readFileSync(join(root, 'assets', 'astronaut.png'));
const models = testModels();

function form(image: Uint8Array | undefined, params?: unknown, extra: Record<string, Uint8Array> = {}): FormData {
  const f = new FormData();
  if (image) f.append('image', new Blob([new Uint8Array(image)]), 'photo.png');
  if (params !== undefined) f.append('params', typeof params === 'string' ? params : JSON.stringify(params));
  for (const [k, v] of Object.entries(extra)) f.append(k, new Blob([new Uint8Array(v)]), `${k}.png`);
  return f;
}

async function errorOf(r: Response): Promise<{ status: number; type: string; message: string }> {
  const body = (await r.json()) as { error: { status: number; type: string; message: string } };
  assert.equal(body.error.status, r.status);
  assert.doesNotMatch(JSON.stringify(body), /\bat .+\.js:\d+/, 'no stack trace in a response');
  return body.error;
}

describe('ganimate serve: HTTP API', () => {
  let url = '';
  let app: FastifyInstance;
  const post = (path: string, body: FormData) => fetch(url + path, { method: 'POST', body });

  before(async () => {
    ({ app, url } = await startServer({
      limits: { ...DEFAULT_LIMITS, maxUploadBytes: 2_000_000, maxPixels: 4_000_000, maxFrames: 10 },
    }));
  });
  after(() => app.close());

  it('GET /healthz, /v1/models and the model file', async () => {
    const h = await fetch(`${url}/healthz`);
    assert.equal(h.status, 200);
    assert.deepEqual(await h.json(), { status: 'ok', workers: 1, running: 0, queued: 0 });
    const m = (await (await fetch(`${url}/v1/models`)).json()) as {
      models: { name: string; url: string; bytes: number }[];
      aus: { au: number; region: string }[];
    };
    assert.deepEqual(
      m.models.map((x) => x.name),
      ['generator', 'estimator'],
    );
    assert.equal(m.aus.length, 17);
    const g = await fetch(url + m.models[0]!.url);
    assert.equal(g.status, 200);
    assert.deepEqual(new Uint8Array(await g.arrayBuffer()), new Uint8Array(readFileSync(models.generator)));
  });

  it('POST /v1/edit: an emotion, single AUs, PNG output, an aligned crop, a "like" photo', async () => {
    const r = await post('/v1/edit', form(photo, { emotion: 'happy' }));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/jpeg');
    assert.equal(r.headers.get('x-ganimate-faces'), '1');
    const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
    assert.deepEqual([meta.width, meta.height, meta.format], [512, 512, 'jpeg']);
    const png = await post('/v1/edit', form(photo, { emotion: 'sad:0.5', au: { 12: 3.5, AU06: 2 }, format: 'png' }));
    assert.equal(png.headers.get('content-type'), 'image/png');
    const crop = await sharp(photo).resize(128, 128).png().toBuffer();
    const aligned = await post('/v1/edit', form(crop, { au: Array(17).fill(1), aligned: true, format: 'png' }));
    assert.equal(aligned.status, 200);
    assert.equal((await sharp(Buffer.from(await aligned.arrayBuffer())).metadata()).width, 128);
    const like = await post('/v1/edit', form(photo, undefined, { like: photo }));
    assert.equal(like.status, 200);
  });

  it('POST /v1/animate: GIF and WebP with the frame count asked for', async () => {
    const gif = await post('/v1/animate', form(photo, { emotion: 'surprise', frames: 4, fps: 8 }));
    assert.equal(gif.status, 200);
    assert.equal(gif.headers.get('content-type'), 'image/gif');
    assert.equal((await sharp(Buffer.from(await gif.arrayBuffer()), { animated: true }).metadata()).pages, 4);
    const webp = await post('/v1/animate', form(photo, { au: { 26: 4 }, frames: 3, format: 'webp' }));
    assert.equal((await sharp(Buffer.from(await webp.arrayBuffer()), { animated: true }).metadata()).pages, 3);
  });

  it('POST /v1/estimate: boxes, 17 AUs on the raw scale, and aligned crops on request', async () => {
    const r = (await (await post('/v1/estimate', form(photo, { crops: true }))).json()) as {
      faces: { box: { width: number }; score: number; aus: Record<string, number>; crop: string }[];
    };
    assert.equal(r.faces.length, 1);
    const f = r.faces[0]!;
    assert.ok(f.score > 0.5 && f.box.width > 40);
    assert.equal(Object.keys(f.aus).length, 17);
    for (const v of Object.values(f.aus)) assert.ok(v >= 0 && v <= 5);
    const crop = Buffer.from(f.crop.replace(/^data:image\/png;base64,/, ''), 'base64');
    assert.equal((await sharp(crop).metadata()).width, 128);
    const plain = (await (await post('/v1/estimate', form(photo))).json()) as { faces: { crop?: string }[] };
    assert.equal(plain.faces[0]!.crop, undefined);
  });

  it('bad requests get typed 4xx answers that say what to do, and the server stays up', async () => {
    const cases: [string, FormData | string, number, RegExp][] = [
      [
        '/v1/edit',
        form(
          new Uint8Array(4096).map((_, i) => (i * 7919) % 251),
          { emotion: 'happy' },
        ),
        415,
        /not an image/,
      ],
      ['/v1/edit', form(photo.subarray(0, 400), { emotion: 'happy' }), 415, /image/],
      ['/v1/edit', form(undefined, { emotion: 'happy' }), 400, /no image/],
      ['/v1/edit', form(photo, '{"emotion":'), 400, /not valid JSON/],
      ['/v1/edit', form(photo, '[1,2]'), 400, /JSON object/],
      ['/v1/edit', form(photo, {}), 400, /say what expression/],
      ['/v1/edit', form(photo, { smile: 1 }), 400, /unknown parameter "smile"/],
      ['/v1/edit', form(photo, { au: { 12: 9 } }), 400, /outside the raw AU scale/],
      ['/v1/edit', form(photo, { au: { 13: 1 } }), 400, /unknown action unit/],
      ['/v1/edit', form(photo, { au: { 12: 'NaN' } }), 400, /must be a number/],
      ['/v1/edit', form(photo, '{"au":{"12":1e999}}'), 400, /must be a number/],
      ['/v1/edit', form(photo, { au: [1, 2, 3] }), 400, /all 17 intensities/],
      ['/v1/edit', form(photo, { emotion: 'bored' }), 400, /unknown emotion/],
      ['/v1/edit', form(photo, { emotion: 'happy', format: 'bmp' }), 400, /"format" must be one of/],
      ['/v1/edit', form(photo, { emotion: 'happy' }, { like: photo }), 400, /not both/],
      ['/v1/edit', form(photo, { emotion: 'happy', aligned: true }), 400, /expects 128×128/],
      ['/v1/animate', form(photo, { emotion: 'happy', frames: 11 }), 400, /"frames" must be a number from 2 to 10/],
      ['/v1/animate', form(photo, { emotion: 'happy', frames: 2.5 }), 400, /whole number/],
      ['/v1/estimate', form(photo, { emotion: 'happy' }), 400, /unknown parameter "emotion"/],
      ['/v1/estimate', form(photo, {}, { like: photo }), 400, /unexpected file field "like"/],
      ['/v1/edit', '{"emotion":"happy"}', 415, /multipart\/form-data/],
    ];
    for (const [path, body, status, message] of cases) {
      const r = await fetch(url + path, {
        method: 'POST',
        body,
        headers: typeof body === 'string' ? { 'content-type': 'application/json' } : {},
      });
      assert.equal(r.status, status, `${path} ${message}`);
      assert.match((await errorOf(r)).message, message);
    }
    const blank = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const noFace = await post('/v1/edit', form(blank, { emotion: 'happy' }));
    assert.equal(noFace.status, 422);
    assert.equal((await errorOf(noFace)).type, 'NoFaceError');
    const huge = await sharp({ create: { width: 4000, height: 1500, channels: 3, background: '#888' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const tooMany = await post('/v1/edit', form(huge, { emotion: 'happy' }));
    assert.equal(tooMany.status, 413);
    assert.match((await errorOf(tooMany)).message, /megapixels/);
    const tooBig = await post('/v1/edit', form(new Uint8Array(2_500_000), { emotion: 'happy' }));
    assert.equal(tooBig.status, 413);
    const hugeJson = await post('/v1/edit', form(photo, `{"emotion":"${'x'.repeat(100_000)}"}`));
    assert.equal(hugeJson.status, 413, 'params over the field limit: refused, not cut');
    assert.match((await errorOf(hugeJson)).message, /params field is over 64 kB/);
    const noModel = await post('/v1/transfer', form(photo, {}, { reference: photo }));
    assert.equal(noModel.status, 501);
    assert.match((await errorOf(noModel)).message, /--transfer-model/);
    const missing = await fetch(`${url}/v1/frobnicate`);
    assert.equal(missing.status, 404);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  });

  it('GET /metrics: Prometheus text with request counts and the job queue', async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    assert.match(text, /^# TYPE ganimate_http_requests_total counter$/m);
    assert.match(text, /^ganimate_http_requests_total\{route="\/v1\/edit",status="200"\} \d+$/m);
    assert.match(text, /^ganimate_http_request_duration_seconds_bucket\{route="\/v1\/edit",le="\+Inf"\} \d+$/m);
    assert.match(text, /^ganimate_jobs_running 0$/m);
    assert.match(text, /^ganimate_workers_ready 1$/m);
  });
});

/** A valid PNG whose header declares width × height (its pixels are a 1×1 image's: a decompression bomb in miniature). */
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

describe('ganimate serve: POST /v1/transfer (GeoGAN, random weights)', () => {
  it('transfers the reference face onto the photo; without a reference or a model it says what to do', async () => {
    const face = readFileSync(
      join(
        root,
        '..',
        'shared',
        'datasets',
        'faces128',
        'imgs',
        readdirSync(join(root, '..', 'shared', 'datasets', 'faces128', 'imgs')).sort()[3]!,
      ),
    );
    const { app, url } = await startServer({ transfer: testTransferModel() });
    try {
      const r = await fetch(`${url}/v1/transfer`, {
        method: 'POST',
        body: form(photo, { format: 'png' }, { reference: face }),
      });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'image/png');
      assert.equal((await sharp(Buffer.from(await r.arrayBuffer())).metadata()).width, 512);
      const none = await fetch(`${url}/v1/transfer`, { method: 'POST', body: form(photo, {}) });
      assert.equal(none.status, 400);
      assert.match((await errorOf(none)).message, /"reference"/);
    } finally {
      await app.close();
    }
  });
});

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
    // bounded by design: the grace, then at most STOP_WAIT_MS (10 s) for the worker to stop at its next 8-frame batch, then
    // 1 s to terminate; the 400-frame animation itself would run for minutes (on an idle machine this takes about 1 s)
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
