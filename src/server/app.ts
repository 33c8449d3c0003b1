// The HTTP API and the web app on Fastify. Requests are parsed and checked here; the work itself runs
// in the worker pool. Every client mistake is a 4xx with a message, nothing answers with a stack.
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { AUS, RAW_MAX } from '../au/action-units.js';
import { TEMPLATE_SIZE } from '../face/template.js';
import { requestSchema } from '../infer/request.js';
import type { DetectorModel } from '../face/detector.js';
import { EMOTIONS } from '../au/emotions.js';
import type { Job } from './jobs.js';
import { Metrics } from './metrics.js';
import { JobStore } from './job-store.js';
import {
  BadRequestError,
  parseAnimateParams,
  parseEditParams,
  parseEstimateParams,
  parseReenactParams,
  parseTransferParams,
} from './params.js';
import { probeVideo, VideoInputError } from '../video/video-reader.js';
import { BusyError, JobCancelledError, WorkerPool } from './worker-pool.js';
import { DEFAULT_LIMITS, type ServeLimits } from './limits.js';
import { classify, errorBody, errorType } from './error-reply.js';
import { PARAMS_LIMIT, readForm, UploadAbortedError } from './form.js';

export { DEFAULT_LIMITS, type ServeLimits };

export interface ServeOptions {
  generator?: string;
  /** GeoGAN transfer graph; enables POST /v1/transfer. */
  transfer?: string;
  estimator?: string;
  workers: number;
  /** ONNX Runtime threads per worker (0 = automatic). */
  threads: number;
  minConfidence: number;
  detector?: DetectorModel;
  limits: ServeLimits;
  /** Log warnings and server errors (JSON lines on stdout); default on. */
  logger?: boolean;
  /** On shutdown, how long running jobs may take to finish before the workers are stopped (ms; default 30 s). */
  shutdownGraceMs?: number;
}

/** ganimate's own modules the web app imports (pure functions with no Node dependency). */
const BROWSER_MODULES = [
  '/face/align.js',
  '/face/similarity.js',
  '/face/template.js',
  '/image/rgb-image.js',
  '/infer/one-euro.js',
];

const require = createRequire(import.meta.url);
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A ready server (workers loaded); call `listen` on it, `close` finishes running jobs first. */
export async function buildServer(o: ServeOptions): Promise<FastifyInstance> {
  const pool = new WorkerPool(
    {
      generator: o.generator,
      estimator: o.estimator,
      transfer: o.transfer,
      threads: o.threads,
      minConfidence: o.minConfidence,
      detector: o.detector,
      maxPixels: o.limits.maxPixels,
    },
    { workers: o.workers, maxQueue: o.limits.maxQueue, jobTimeoutMs: o.limits.jobTimeoutMs },
  );
  await pool.ready();
  const metrics = new Metrics();
  const followed = new JobStore(o.limits.jobTtlMs);
  const app = Fastify({
    logger: o.logger === false ? false : { level: 'warn' },
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // errors Fastify meets before a route runs (a bad URL escape, a bad content type) answer in the documented shape
    frameworkErrors: (err, _req, reply) =>
      void (reply as FastifyReply)
        .code(400)
        .send(errorBody(400, 'BadRequest', `${err.message}; check the URL and the headers`)),
    // and so do those of Node's HTTP parser (oversized headers, malformed requests), written on the socket
    clientErrorHandler: (err: Error & { code?: string }, socket) => {
      if (!socket.writable) return void socket.destroy();
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const message =
        status === 431
          ? 'the request headers are too large; send fewer or shorter headers'
          : status === 408
            ? 'the request took too long to arrive'
            : 'the request is not valid HTTP';
      const body = JSON.stringify(errorBody(status, status === 431 ? 'HeadersTooLarge' : 'BadRequest', message));
      socket.end(
        `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    },
  });
  // Graceful shutdown: new and queued requests get 503, running jobs finish (for up to shutdownGraceMs) and their
  // connections then close (instead of idling out the keep-alive timeout), then the workers stop.
  // The pool closes first: in-flight requests wait on its jobs, and the server waits on them.
  let closing: Promise<void> | undefined;
  app.addHook('preClose', async () => void (closing = pool.close(o.shutdownGraceMs)));
  app.addHook('onSend', async (_req, reply) => void (closing && reply.header('connection', 'close')));
  app.addHook('onClose', async () => {
    await (closing ?? pool.close(o.shutdownGraceMs));
    followed.close();
  });
  app.addHook('onResponse', async (req, reply) =>
    metrics.observe(req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000),
  );
  await app.register(multipart, {
    limits: {
      fileSize: o.limits.maxUploadBytes,
      files: 2,
      fields: 4,
      fieldSize: PARAMS_LIMIT,
      parts: 6,
      headerPairs: 100,
    },
  });

  app.setErrorHandler((err: Error & { statusCode?: number; status?: number }, req, reply) => {
    const { status, internal, message } = classify(err);
    if (internal) req.log.error(err);
    if (err instanceof BusyError) reply.header('retry-after', String(pool.expectedWaitSeconds));
    if (err instanceof UploadAbortedError) metrics.uploadsAborted++;
    // nobody to answer: the client left (logged as a 499 request, no stack)
    if (
      (err instanceof JobCancelledError || err instanceof UploadAbortedError) &&
      (reply.raw.destroyed || !reply.raw.writable)
    )
      return;
    void reply.code(status).send(errorBody(status, errorType(err, status), message));
  });
  app.setNotFoundHandler(
    (req, reply) =>
      void reply
        .code(404)
        .send(
          errorBody(
            404,
            'NotFound',
            `no such endpoint: ${req.method} ${req.url.split('?')[0]}; see GET /v1/models and the README`,
          ),
        ),
  );

  const models = Object.entries({ generator: o.generator, estimator: o.estimator, transfer: o.transfer }).filter(
    (e): e is [string, string] => Boolean(e[1]),
  );
  app.get('/healthz', async (_req, reply) =>
    reply.code(pool.readyWorkers ? 200 : 503).send({
      status: pool.readyWorkers ? 'ok' : 'starting',
      workers: pool.readyWorkers,
      running: pool.running,
      queued: pool.queued,
    }),
  );
  app.get('/metrics', async (_req, reply) => {
    const mem = process.memoryUsage();
    reply.type('text/plain; version=0.0.4');
    return metrics.render({
      ganimate_jobs_running: { help: 'Jobs running in inference workers.', value: pool.running },
      ganimate_jobs_queued: { help: 'Jobs waiting for a worker.', value: pool.queued },
      ganimate_workers_ready: { help: 'Inference workers with their models loaded.', value: pool.readyWorkers },
      ganimate_jobs_ok_total: { help: 'Jobs finished.', value: pool.counts.ok, type: 'counter' },
      ganimate_jobs_failed_total: {
        help: 'Jobs that failed (client or server).',
        value: pool.counts.failed,
        type: 'counter',
      },
      ganimate_jobs_refused_total: {
        help: 'Jobs refused because the queue was full.',
        value: pool.counts.refused,
        type: 'counter',
      },
      ganimate_worker_restarts_total: {
        help: 'Workers replaced after a crash or timeout.',
        value: pool.counts.restarts,
        type: 'counter',
      },
      ganimate_jobs_cancelled_total: {
        help: 'Jobs dropped or stopped because their client left.',
        value: pool.counts.cancelled,
        type: 'counter',
      },
      ganimate_uploads_aborted_total: {
        help: 'Requests whose client left while uploading.',
        value: metrics.uploadsAborted,
        type: 'counter',
      },
      process_resident_memory_bytes: { help: 'Resident memory of the server process.', value: mem.rss },
      nodejs_heap_used_bytes: { help: 'V8 heap in use.', value: mem.heapUsed },
    });
  });
  app.get('/v1/models', async () => ({
    models: models.map(([name, path]) => ({
      name,
      file: basename(path),
      bytes: statSync(path).size,
      url: `/v1/models/${name}.onnx`,
    })),
    aus: AUS.map((a) => ({ au: a.au, name: a.name, region: a.region })),
    /** The raw AU scale every intensity is on, and the side of the aligned face crop the models read. */
    auScale: { min: 0, max: RAW_MAX },
    cropSize: TEMPLATE_SIZE,
    emotions: EMOTIONS,
    limits: o.limits,
    /** Each request field's kind, default and range (frames' capped by limits.maxFrames). */
    request: requestSchema(o.limits),
  }));
  for (const [name, path] of models)
    app.get(`/v1/models/${name}.onnx`, (_req, reply) =>
      reply.header('cache-control', 'public, max-age=3600').sendFile(basename(path), dirname(path)),
    );

  app.post('/v1/edit', async (req, reply) => {
    const form = await readForm(req);
    const job: Job = {
      kind: 'edit',
      image: form.image,
      like: form.like,
      params: parseEditParams(form.params, Boolean(form.like)),
    };
    return sendFile(reply, await pool.run(job, clientGone(reply)));
  });
  app.post('/v1/animate', async (req, reply) => {
    const form = await readForm(req);
    const params = parseAnimateParams(form.params, Boolean(form.like), o.limits);
    if (!o.estimator)
      throw new BadRequestError('animate needs the AU estimator, which this server was started without', 501);
    return sendFile(
      reply,
      await pool.run({ kind: 'animate', image: form.image, like: form.like, params }, clientGone(reply)),
    );
  });
  app.post('/v1/transfer', async (req, reply) => {
    const form = await readForm(req, 'reference');
    if (!o.transfer)
      throw new BadRequestError(
        'this server has no GeoGAN transfer model; start it with --transfer-model <geogan.onnx>',
        501,
      );
    if (!form.like)
      throw new BadRequestError('send the face whose attribute to copy as the multipart file field "reference"');
    return sendFile(
      reply,
      await pool.run(
        { kind: 'transfer', image: form.image, reference: form.like, params: parseTransferParams(form.params) },
        clientGone(reply),
      ),
    );
  });
  app.post('/v1/estimate', async (req, reply) => {
    const form = await readForm(req, null);
    return (
      await pool.run(
        { kind: 'estimate', image: form.image, params: parseEstimateParams(form.params) },
        clientGone(reply),
      )
    ).json;
  });

  // reenactment: a job the client follows (POST answers 202 with its id at once; the job runs whether or not the
  // client stays), its progress at GET /v1/jobs/<id>, its video at /v1/jobs/<id>/result until it expires
  app.post('/v1/reenact', async (req, reply) => {
    const form = await readForm(req, 'video');
    if (!o.estimator)
      throw new BadRequestError('reenact needs the AU estimator, which this server was started without', 501);
    if (!form.like) throw new BadRequestError('send the driving video as the multipart file field "video"');
    const params = parseReenactParams(form.params);
    if (followed.size >= followed.maxJobs)
      throw new BusyError(`the server holds ${followed.size} reenactments; retry when some have expired`);
    const refused = pool.refusal();
    if (refused) throw refused;
    const job = followed.create('reenact', 0);
    const driver = followed.path(job, 'driver');
    writeFileSync(driver, form.like);
    try {
      const info = probeVideo(driver);
      const { maxVideoSeconds, maxVideoFrames, maxPixels } = o.limits;
      if (info.durationS > maxVideoSeconds || info.frames > maxVideoFrames) {
        throw new BadRequestError(
          `the video is ${info.durationS.toFixed(1)} s (${info.frames} frames); send at most ${maxVideoSeconds} s and ${maxVideoFrames} frames`,
          413,
        );
      }
      if (info.width * info.height > maxPixels)
        throw new BadRequestError(
          `the video's frames are ${info.width}×${info.height}; send at most ${maxPixels} pixels a frame`,
          413,
        );
      job.total = info.frames;
      const output = followed.path(job, `result.${params.format}`);
      pool
        .run({ kind: 'reenact', image: form.image, driver, info, output, params }, undefined, (n) =>
          Object.assign(job, { status: 'running', done: job.done + n }),
        )
        .then(
          (r) => followed.finish(job, { file: r.file!, contentType: r.contentType }),
          (e: Error) => {
            const { status, internal, message } = classify(e);
            if (internal) req.log.error(e);
            followed.finish(job, {
              error: { status, type: errorType(e, status), message },
            });
          },
        );
    } catch (e) {
      followed.remove(job.id);
      throw e instanceof VideoInputError
        ? new BadRequestError(`${e.message.replace(driver, 'the "video" file')}`, 415)
        : e;
    }
    return reply.code(202).header('location', `/v1/jobs/${job.id}`).send(followed.view(job));
  });
  const jobOf = (id: string) => {
    const job = followed.get(id);
    if (!job)
      throw new BadRequestError(
        `no job ${id.slice(0, 64)}: it never existed, or it finished more than ${Math.round(o.limits.jobTtlMs / 60_000)} min ago and expired`,
        404,
      );
    return job;
  };
  app.get<{ Params: { id: string } }>('/v1/jobs/:id', async (req) => followed.view(jobOf(req.params.id)));
  app.get<{ Params: { id: string } }>('/v1/jobs/:id/result', async (req, reply) => {
    const job = jobOf(req.params.id);
    if (job.status === 'failed') return reply.code(job.error!.status).send({ error: job.error });
    if (job.status !== 'done')
      throw new BadRequestError(
        `the job is ${job.status} (${job.done} of ${job.total} frames); poll GET /v1/jobs/${job.id} until its status is done`,
        409,
      );
    return reply
      .type(job.contentType!)
      .header('content-length', String(statSync(job.file!).size))
      .send(createReadStream(job.file!));
  });

  await app.register(fastifyStatic, { root: join(packageRoot, 'web'), prefix: '/', index: 'index.html' });
  await app.register(fastifyStatic, {
    root: dirname(require.resolve('onnxruntime-web')),
    prefix: '/vendor/ort/',
    decorateReply: false,
  });
  // live mode (web/live.js): face-api and its detector and landmark weights, TensorFlow.js' wasm binaries, and the few
  // browser-safe modules of ganimate itself it shares (alignment, One-Euro filter)
  const faceApiRoot = dirname(require.resolve('@vladmandic/face-api/package.json'));
  await app.register(fastifyStatic, {
    root: join(faceApiRoot, 'dist'),
    prefix: '/vendor/face-api/',
    decorateReply: false,
    allowedPath: (p) => p === '/face-api.esm.js',
  });
  await app.register(fastifyStatic, {
    root: join(faceApiRoot, 'model'),
    prefix: '/vendor/face-api/model/',
    decorateReply: false,
    allowedPath: (p) => /^\/(tiny_face_detector|face_landmark_68)_model/.test(p),
  });
  await app.register(fastifyStatic, {
    root: dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')),
    prefix: '/vendor/tfjs-wasm/',
    decorateReply: false,
    allowedPath: (p) => p.endsWith('.wasm'),
  });
  await app.register(fastifyStatic, {
    root: join(packageRoot, 'dist', 'src'),
    prefix: '/lib/',
    decorateReply: false,
    allowedPath: (p) => BROWSER_MODULES.includes(p),
  });
  return app;
}

/** Aborts when the client closes the connection before its answer is sent: its job is dropped or stopped. */
function clientGone(reply: FastifyReply): AbortSignal {
  const c = new AbortController();
  reply.raw.once('close', () => void (reply.raw.writableFinished || c.abort()));
  return c.signal;
}

function sendFile(reply: FastifyReply, r: { body?: Uint8Array; contentType: string; faces: number }) {
  return reply
    .type(r.contentType)
    .header('x-ganimate-faces', String(r.faces))
    .send(Buffer.from(r.body!.buffer, r.body!.byteOffset, r.body!.byteLength));
}
