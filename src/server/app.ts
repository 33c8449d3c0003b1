// The HTTP API and the web app on Fastify. Requests are parsed and checked here; the work itself runs
// in the worker pool. Every client mistake is a 4xx with a message, nothing answers with a stack.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AUS } from '../au/action-units.js';
import type { DetectorModel } from '../face/detector.js';
import { EMOTIONS } from '../au/emotions.js';
import { GanimateError } from '../errors.js';
import type { Job } from './jobs.js';
import { Metrics } from './metrics.js';
import { BadRequestError, parseAnimateParams, parseEditParams, parseEstimateParams, parseTransferParams } from './params.js';
import { BusyError, InternalJobError, WorkerPool } from './worker-pool.js';

export interface ServeLimits {
  /** Bytes per uploaded file. */
  maxUploadBytes: number;
  /** Pixels per decoded image. */
  maxPixels: number;
  maxFrames: number;
  /** Jobs waiting beyond the running ones before requests are refused with 503. */
  maxQueue: number;
  jobTimeoutMs: number;
}

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
}

export const DEFAULT_LIMITS: ServeLimits = { maxUploadBytes: 20 * 1024 * 1024, maxPixels: 40_000_000, maxFrames: 120, maxQueue: 16, jobTimeoutMs: 120_000 };

const require = createRequire(import.meta.url);
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A ready server (workers loaded); call `listen` on it, `close` finishes running jobs first. */
export async function buildServer(o: ServeOptions): Promise<FastifyInstance> {
  const pool = new WorkerPool(
    { generator: o.generator, estimator: o.estimator, transfer: o.transfer, threads: o.threads, minConfidence: o.minConfidence, detector: o.detector, maxPixels: o.limits.maxPixels },
    { workers: o.workers, maxQueue: o.limits.maxQueue, jobTimeoutMs: o.limits.jobTimeoutMs },
  );
  await pool.ready();
  const metrics = new Metrics();
  const app = Fastify({ logger: o.logger === false ? false : { level: 'warn' }, bodyLimit: 1024 * 1024, return503OnClosing: true });
  // Graceful shutdown: new requests get 503, running ones finish and their connections then close
  // (instead of idling out the keep-alive timeout), and the workers stop once their jobs are done.
  let closing = false;
  app.addHook('preClose', async () => void (closing = true));
  app.addHook('onSend', async (_req, reply) => void (closing && reply.header('connection', 'close')));
  app.addHook('onClose', () => pool.close());
  app.addHook('onResponse', async (req, reply) => metrics.observe(req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000));
  await app.register(multipart, { limits: { fileSize: o.limits.maxUploadBytes, files: 2, fields: 4, fieldSize: 64 * 1024, parts: 6, headerPairs: 100 } });

  app.setErrorHandler((err: Error & { statusCode?: number; status?: number }, req, reply) => {
    const status = err instanceof BadRequestError ? err.status : err instanceof GanimateError ? 400 : err instanceof InternalJobError ? 500 : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    // typed errors (4xx, 501 not configured, 503 busy) keep their message; anything else is internal
    const internal = status >= 500 && !(err instanceof BadRequestError);
    if (internal) req.log.error(err);
    if (err instanceof BusyError) reply.header('retry-after', '2');
    const message = internal ? 'internal error; the server log has the details' : err.message;
    void reply.code(status).send({ error: { status, type: errorType(err, status), message } });
  });
  app.setNotFoundHandler((req, reply) => void reply.code(404).send({ error: { status: 404, type: 'NotFound', message: `no such endpoint: ${req.method} ${req.url.split('?')[0]}; see GET /v1/models and the README` } }));

  const models = Object.entries({ generator: o.generator, estimator: o.estimator, transfer: o.transfer }).filter((e): e is [string, string] => Boolean(e[1]));
  app.get('/healthz', async (_req, reply) => reply.code(pool.readyWorkers ? 200 : 503).send({ status: pool.readyWorkers ? 'ok' : 'starting', workers: pool.readyWorkers, running: pool.running, queued: pool.queued }));
  app.get('/metrics', async (_req, reply) => {
    const mem = process.memoryUsage();
    reply.type('text/plain; version=0.0.4');
    return metrics.render({
      ganimate_jobs_running: { help: 'Jobs running in inference workers.', value: pool.running },
      ganimate_jobs_queued: { help: 'Jobs waiting for a worker.', value: pool.queued },
      ganimate_workers_ready: { help: 'Inference workers with their models loaded.', value: pool.readyWorkers },
      ganimate_jobs_ok_total: { help: 'Jobs finished.', value: pool.counts.ok, type: 'counter' },
      ganimate_jobs_failed_total: { help: 'Jobs that failed (client or server).', value: pool.counts.failed, type: 'counter' },
      ganimate_jobs_refused_total: { help: 'Jobs refused because the queue was full.', value: pool.counts.refused, type: 'counter' },
      ganimate_worker_restarts_total: { help: 'Workers replaced after a crash or timeout.', value: pool.counts.restarts, type: 'counter' },
      process_resident_memory_bytes: { help: 'Resident memory of the server process.', value: mem.rss },
      nodejs_heap_used_bytes: { help: 'V8 heap in use.', value: mem.heapUsed },
    });
  });
  app.get('/v1/models', async () => ({
    models: models.map(([name, path]) => ({ name, file: basename(path), bytes: statSync(path).size, url: `/v1/models/${name}.onnx` })),
    aus: AUS.map((a) => ({ au: a.au, name: a.name, region: a.region })),
    emotions: EMOTIONS,
    limits: o.limits,
  }));
  for (const [name, path] of models) app.get(`/v1/models/${name}.onnx`, (_req, reply) => reply.header('cache-control', 'public, max-age=3600').sendFile(basename(path), dirname(path)));

  app.post('/v1/edit', async (req, reply) => {
    const form = await readForm(req);
    const job: Job = { kind: 'edit', image: form.image, like: form.like, params: parseEditParams(form.params, Boolean(form.like)) };
    return sendFile(reply, await pool.run(job));
  });
  app.post('/v1/animate', async (req, reply) => {
    const form = await readForm(req);
    const params = parseAnimateParams(form.params, Boolean(form.like), o.limits);
    if (!o.estimator) throw new BadRequestError('animate needs the AU estimator, which this server was started without', 501);
    return sendFile(reply, await pool.run({ kind: 'animate', image: form.image, like: form.like, params }));
  });
  app.post('/v1/transfer', async (req, reply) => {
    const form = await readForm(req, 'reference');
    if (!o.transfer) throw new BadRequestError('this server has no GeoGAN transfer model; start it with --transfer-model <geogan.onnx>', 501);
    if (!form.like) throw new BadRequestError('send the face whose attribute to copy as the multipart file field "reference"');
    return sendFile(reply, await pool.run({ kind: 'transfer', image: form.image, reference: form.like, params: parseTransferParams(form.params) }));
  });
  app.post('/v1/estimate', async (req) => {
    const form = await readForm(req, null);
    return (await pool.run({ kind: 'estimate', image: form.image, params: parseEstimateParams(form.params) })).json;
  });

  await app.register(fastifyStatic, { root: join(packageRoot, 'web'), prefix: '/', index: 'index.html' });
  await app.register(fastifyStatic, { root: dirname(require.resolve('onnxruntime-web')), prefix: '/vendor/ort/', decorateReply: false });
  return app;
}

interface Form {
  image: Uint8Array;
  like?: Uint8Array;
  params?: string;
}

/** The multipart fields `image` (file), an optional second photo (`like`, or `reference` for transfer) and `params` (JSON text). */
async function readForm(req: FastifyRequest, second: 'like' | 'reference' | null = 'like'): Promise<Form> {
  if (!req.isMultipart()) throw new BadRequestError('send multipart/form-data with an "image" file field and a "params" JSON field', 415);
  const form: Partial<Form> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'image' && part.fieldname !== second) {
        part.file.resume();
        throw new BadRequestError(`unexpected file field "${part.fieldname}"; send the photo as "image"${second ? ` (and a photo to copy as "${second}")` : ''}`);
      }
      form[part.fieldname === 'image' ? 'image' : 'like'] = await part.toBuffer();
    } else if (part.fieldname === 'params') {
      form.params = String(part.value);
    } else {
      throw new BadRequestError(`unexpected field "${part.fieldname}"; send "image" and "params"`);
    }
  }
  if (!form.image?.length) throw new BadRequestError('no image: send the photo as the multipart file field "image"');
  return form as Form;
}

function sendFile(reply: FastifyReply, r: { body?: Uint8Array; contentType: string; faces: number }) {
  return reply.type(r.contentType).header('x-ganimate-faces', String(r.faces)).send(Buffer.from(r.body!.buffer, r.body!.byteOffset, r.body!.byteLength));
}

function errorType(err: Error, status: number): string {
  if (status >= 500 && !(err instanceof BadRequestError)) return 'InternalError';
  if (err instanceof GanimateError) return err.name === 'BadRequestError' ? 'BadRequest' : err.name;
  return (err as { code?: string }).code ?? err.name;
}
