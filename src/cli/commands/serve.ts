import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DEFAULT_LIMITS } from '../../server/limits.js';
import { REQUEST_FIELDS } from '../../infer/request.js';
import { type Command, MODEL_OPTIONS } from '../command.js';
import { detectorOf, modelPaths, number, SHIPPED } from '../models.js';

export const serve: Command = {
  name: 'serve',
  usage: 'ganimate serve [--port 8080] [--host 127.0.0.1] [--workers N]',
  options: {
    port: { type: 'string', help: 'TCP port (0 = any free port)', default: '8080' },
    host: { type: 'string', help: 'address to listen on (0.0.0.0 for every interface)', default: '127.0.0.1' },
    workers: { type: 'string', help: 'inference worker threads (0 = one per two cores)', default: '0' },
    'transfer-model': {
      type: 'string',
      help: 'GeoGAN transfer ONNX for POST /v1/transfer (default: the smile model shipped in models/; ganimate train-geogan writes others)',
    },
    'max-upload-mb': {
      type: 'string',
      help: 'largest uploaded file, MB',
      default: String(DEFAULT_LIMITS.maxUploadBytes / 1024 / 1024),
    },
    'max-megapixels': {
      type: 'string',
      help: 'largest decoded image, megapixels',
      default: String(DEFAULT_LIMITS.maxPixels / 1e6),
    },
    'max-frames': { type: 'string', help: 'most frames of one animation', default: String(DEFAULT_LIMITS.maxFrames) },
    'max-video-seconds': {
      type: 'string',
      help: 'longest driving video of a reenactment, seconds',
      default: String(DEFAULT_LIMITS.maxVideoSeconds),
    },
    'job-ttl-minutes': {
      type: 'string',
      help: 'how long a finished reenactment stays to be downloaded, minutes',
      default: String(DEFAULT_LIMITS.jobTtlMs / 60_000),
    },
    'shutdown-grace': {
      type: 'string',
      help: 'on Ctrl-C or SIGTERM, seconds running jobs may take to finish (queued ones get 503 at once)',
      default: '30',
    },
    'max-queue': {
      type: 'string',
      help: 'jobs that may wait for a worker before requests get 503',
      default: String(DEFAULT_LIMITS.maxQueue),
    },
    ...MODEL_OPTIONS,
  },
  examples: [
    'ganimate serve --port 8080',
    'curl -F image=@me.jpg -F \'params={"emotion":"happy"}\' localhost:8080/v1/edit -o happy.jpg',
  ],
  async run(v) {
    const cores = availableParallelism();
    const workers = number(v.workers, 'workers', 0, 64) || Math.max(1, Math.floor(cores / 2));
    const threads = number(v.threads, 'threads', 0, 256) || Math.max(1, Math.floor(cores / workers));
    // the server (fastify and its plugins) loads only when it is asked for: every other command starts faster
    const { buildServer } = await import('../../server/app.js');
    const app = await buildServer({
      ...modelPaths(v, false),
      transfer:
        (v['transfer-model'] as string | undefined) ?? (existsSync(SHIPPED.transfer) ? SHIPPED.transfer : undefined),
      workers,
      threads,
      minConfidence: number(v['min-confidence'], 'min-confidence', 0, 1),
      detector: detectorOf(v),
      shutdownGraceMs: number(v['shutdown-grace'], 'shutdown-grace', 0, 3600) * 1000,
      limits: {
        ...DEFAULT_LIMITS,
        maxUploadBytes: Math.round(number(v['max-upload-mb'], 'max-upload-mb', 0.01, 1024) * 1024 * 1024),
        maxPixels: Math.round(number(v['max-megapixels'], 'max-megapixels', 0.01, 500) * 1e6),
        maxFrames: number(v['max-frames'], 'max-frames', REQUEST_FIELDS.frames.min, REQUEST_FIELDS.frames.max),
        maxQueue: number(v['max-queue'], 'max-queue', 0, 10000),
        maxVideoSeconds: number(v['max-video-seconds'], 'max-video-seconds', 1, 3600),
        maxVideoFrames: Math.round(number(v['max-video-seconds'], 'max-video-seconds', 1, 3600) * 30),
        jobTtlMs: number(v['job-ttl-minutes'], 'job-ttl-minutes', 0.1, 10080) * 60_000,
      },
    });
    const url = await app.listen({ port: number(v.port, 'port', 0, 65535), host: v.host as string });
    process.stderr.write(
      `ganimate serving ${url} (web app at ${url}/, API at ${url}/v1/…; ${workers} worker${workers > 1 ? 's' : ''} × ${threads} thread${threads > 1 ? 's' : ''}); Ctrl-C stops after running jobs finish (at most ${v['shutdown-grace']} s)\n`,
    );
    await new Promise<void>((res) => {
      const stop = (signal: string) => {
        process.stderr.write(
          `${signal}: refusing queued jobs, finishing running ones (at most ${v['shutdown-grace']} s), then stopping\n`,
        );
        res();
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    await app.close();
    return { text: 'server stopped', json: { stopped: true, url } };
  },
};
