// An inference worker thread: loads the models once, then runs jobs from the pool one at a time, so
// decoding, detection and ONNX Runtime never block the server's event loop.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { GanimateError } from '../errors.js';
import { type DetectorModel, FaceDetector } from '../face/detector.js';
import { FaceEditor } from '../infer/face-editor.js';
import { FaceTransfer } from '../infer/face-transfer.js';
import { classify } from './error-reply.js';
import { type Job, runJob } from './jobs.js';

export interface WorkerConfig {
  generator?: string;
  /** GeoGAN transfer graph for /v1/transfer. */
  transfer?: string;
  estimator?: string;
  threads: number;
  minConfidence: number;
  detector?: DetectorModel;
  maxPixels: number;
}

export type WorkerReply =
  | { ready: true }
  | { id: number; ok: true; result: Awaited<ReturnType<typeof runJob>> }
  | { id: number; progress: number }
  | { id: number; ok: false; error: { name: string; message: string; user: boolean; status?: number } };

const config = workerData as WorkerConfig;
// a server decodes each upload once: libvips' operation cache would only hold on to large images' memory
sharp.cache(false);
const port = parentPort!;
const editor = await FaceEditor.load({
  generator: config.generator,
  estimator: config.estimator,
  threads: config.threads,
  minConfidence: config.minConfidence,
  detector: config.detector,
  // a server lives long: memory returns after a large (batched) job, at about 10 % of an animation's render time
  memoryArena: false,
});
const transfer = config.transfer
  ? await FaceTransfer.load(config.transfer, { threads: config.threads, memoryArena: false })
  : undefined;
// face-api's nets load now, not on the first request; reenactment follows the driver's face with the same detector
const detector = await FaceDetector.load({ model: config.detector, minConfidence: config.minConfidence });
await detector.warmUp();
port.postMessage({ ready: true } satisfies WorkerReply);

// A large job's decoded photo and frames are buffers outside V8's heap that an idle worker would keep until some
// later collection: collect as soon as a job has left much more of them than the worker holds when idle (at most
// every 2 s, so that a worker whose idle memory has grown does not collect after every job).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const LEFT_OVER_BYTES = 64 * 2 ** 20;
const idleExternal = getHeapStatistics().external_memory;
let lastCollect = 0;
function collectAfterLargeJob(): void {
  if (getHeapStatistics().external_memory < idleExternal + LEFT_OVER_BYTES) return;
  if (performance.now() - lastCollect < 2000) return;
  lastCollect = performance.now();
  collect();
}

/** The running job's stop switch: its client left ({cancel: id}) or the server is shutting down ({stop: true}). */
let current: { id: number; stop: AbortController } | undefined;

port.on('message', async (m: { id: number; job: Job } | { cancel: number } | { stop: true }) => {
  if ('cancel' in m) return void (current?.id === m.cancel && current.stop.abort());
  if ('stop' in m) return void current?.stop.abort();
  const { id, job } = m;
  current = { id, stop: new AbortController() };
  try {
    const onProgress = (frames: number) => port.postMessage({ id, progress: frames } satisfies WorkerReply);
    const result = await runJob(editor, job, config.maxPixels, { transfer, detector, onProgress }, current.stop.signal);
    port.postMessage({ id, ok: true, result } satisfies WorkerReply);
  } catch (e) {
    const err = e as Error;
    const user = e instanceof GanimateError;
    // the status and the wording the main thread answers with (error-reply.ts decides both)
    const { status, message } = classify(err);
    port.postMessage({
      id,
      ok: false,
      error: { name: err.name, message: user ? message : String(err.message ?? err), user, status },
    } satisfies WorkerReply);
  } finally {
    current = undefined;
    // once this handler has returned, nothing holds the job's buffers
    setImmediate(collectAfterLargeJob);
  }
});
