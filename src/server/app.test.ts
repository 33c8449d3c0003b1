// The HTTP API on a real server on loopback, with small random-weight ONNX models and real photos.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { errorOf, form } from '../../tests/support/forms.js';
import { startServer, testModels, testTransferModel } from '../../tests/support/test-server.js';
import { DEFAULT_LIMITS } from './app.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const photo = readFileSync(join(root, 'assets', 'astronaut.png'));
const models = testModels();

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
      cropSize: number;
      auScale: { min: number; max: number };
      limits: { maxFrames: number };
      request: Record<string, { default?: unknown; max?: number }>;
    };
    assert.deepEqual(
      m.models.map((x) => x.name),
      ['generator', 'estimator'],
    );
    assert.equal(m.aus.length, 17);
    // what the web page reads instead of hard-coding: the request schema (frames capped by the server's limit)
    assert.deepEqual([m.cropSize, m.auScale.max], [128, 5]);
    assert.deepEqual([m.request.frames!.default, m.request.frames!.max], [24, m.limits.maxFrames]);
    assert.equal(m.request.fps!.default, 12);
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
      [
        '/v1/animate',
        form(photo, { emotion: 'happy', frames: 11 }),
        400,
        /"frames" must be a whole number from 2 to 10, got 11/,
      ],
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
