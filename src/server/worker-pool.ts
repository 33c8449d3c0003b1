// A fixed pool of inference workers with a bounded queue. A full queue is refused at once (the client
// retries, told when by the queue's expected wait), a crashed or stuck worker fails only its own job and
// is replaced. A job is tied to its request: when the client leaves, a queued job is dropped and a running
// one is told to stop at its next frame or batch boundary. close() refuses the queue, lets running jobs
// finish for a bounded time, then stops the workers.
import { Worker } from 'node:worker_threads';
import type { WorkerConfig, WorkerReply } from './inference-worker.js';
import type { Job, JobResult } from './jobs.js';
import { BadRequestError } from './params.js';
import { InternalJobError } from './error-reply.js';

/** The server is at its limit of concurrent jobs; answered 503 with Retry-After. */
export class BusyError extends BadRequestError {
  constructor(message: string) {
    super(message, 503);
  }
}

/** A job failed for a reason that is the server's, not the client's (answered 500 without details). */

/** The client left before its job finished; nobody reads the answer (logged as 499, like nginx). */
export class JobCancelledError extends BadRequestError {
  constructor() {
    super('the client closed the connection; the job was cancelled', 499);
  }
}

export interface PoolOptions {
  workers: number;
  /** Jobs waiting for a worker beyond those running; more are refused. */
  maxQueue: number;
  /** A job running longer than this has its worker replaced (an animation of more than 48 frames: in proportion). */
  jobTimeoutMs: number;
}

interface Pending {
  id: number;
  job: Job;
  resolve: (r: JobResult) => void;
  reject: (e: Error) => void;
  /** Removes the abort listener once the job has settled. */
  release: () => void;
  /** Frames done, as the worker reports them (reenact). */
  onProgress?: (frames: number) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Settles when the worker has loaded its models, or could not. */
  loaded: Promise<void>;
  current?: Pending;
  timer?: NodeJS.Timeout;
  /** performance.now() when the current job started. */
  started?: number;
  /** Called when the worker has answered for its job (shutdown waits on it). */
  idle?: () => void;
}

/** How long shutdown waits for a worker to stop a job past its grace (one batch of frames, at most). */
const STOP_WAIT_MS = 10_000;

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closing = false;
  private drained?: () => void;
  /** Jobs finished, by outcome, for /metrics. */
  readonly counts = { ok: 0, failed: 0, refused: 0, restarts: 0, cancelled: 0 };
  /** Mean seconds a job holds a worker (exponential average), for the expected wait. */
  private jobSeconds = 2;

  constructor(
    private readonly config: WorkerConfig,
    private readonly o: PoolOptions,
  ) {
    for (let i = 0; i < o.workers; i++) this.slots.push(this.spawn());
  }

  /** Resolves once every worker has loaded its models (or rejects with why one could not). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.loaded));
  }

  get running(): number {
    return this.slots.filter((s) => s.current).length;
  }

  get queued(): number {
    return this.queue.length;
  }

  get readyWorkers(): number {
    return this.slots.filter((s) => s.ready).length;
  }

  /** Seconds until a job queued now would start, from the mean job time so far (Retry-After). */
  get expectedWaitSeconds(): number {
    const workers = Math.max(1, this.slots.length);
    return Math.max(1, Math.ceil(((this.queue.length + this.running) / workers) * this.jobSeconds));
  }

  /** Runs a job; `signal` aborts it (the client left): dropped from the queue, or stopped by its worker at the next
   * frame or batch. */
  run(job: Job, signal?: AbortSignal, onProgress?: (frames: number) => void): Promise<JobResult> {
    if (signal?.aborted) return Promise.reject(new JobCancelledError());
    const refused = this.refusal();
    if (refused) return Promise.reject(refused);
    return new Promise((resolve, reject) => {
      const abort = () => this.cancel(p);
      const p: Pending = {
        id: this.nextId++,
        job,
        resolve,
        reject,
        release: () => signal?.removeEventListener('abort', abort),
        onProgress,
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.queue.push(p);
      this.pump();
    });
  }

  /** Why a job submitted now would be refused (shutting down, queue full), counted; undefined when it would be
   * taken. */
  refusal(): BusyError | undefined {
    if (this.closing) return new BusyError('the server is shutting down; retry against another instance');
    if (this.queue.length >= this.o.maxQueue && !this.slots.some((s) => s.ready && !s.current)) {
      this.counts.refused++;
      return new BusyError(
        `the server is busy (${this.running} jobs running, ${this.queue.length} waiting); retry in about ${this.expectedWaitSeconds} s`,
      );
    }
    return undefined;
  }

  /** Refuses new and queued jobs (503), lets running ones finish for up to `graceMs`, then stops the workers. */
  async close(graceMs = 30_000): Promise<void> {
    this.closing = true;
    for (const p of this.queue.splice(0)) {
      p.release();
      p.reject(new BusyError('the server is shutting down; retry against another instance'));
    }
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((res) => (this.drained = res)),
        new Promise<void>((res) => (timer = setTimeout(res, graceMs))),
      ]);
      clearTimeout(timer);
    }
    // a job that outlived the grace: its client is answered now, its worker stops it at the next batch (killing its
    // encoder) and says so; a worker is never terminated inside a native call (ONNX Runtime, libvips): that aborts the
    // process
    const stopping = this.slots
      .filter((slot) => slot.current)
      .map((slot) => {
        slot.current!.reject(
          new BusyError('the server shut down before the job finished; retry against another instance'),
        );
        slot.worker.postMessage({ stop: true });
        return new Promise<void>((res) => (slot.idle = res));
      });
    if (stopping.length) {
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(stopping), new Promise((res) => (wait = setTimeout(res, STOP_WAIT_MS)))]);
      clearTimeout(wait);
    }
    // a worker inside a native call (an encoder, an inference) ends when that call returns: the pool is closed before
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.slots.map((s) => s.worker.terminate())),
      new Promise((res) => (timer = setTimeout(res, 1000))),
    ]);
    clearTimeout(timer);
  }

  private cancel(p: Pending): void {
    const queued = this.queue.indexOf(p);
    if (queued >= 0) this.queue.splice(queued, 1);
    const slot = this.slots.find((s) => s.current === p);
    if (queued < 0 && !slot) return;
    this.counts.cancelled++;
    // the worker stops at its next frame or batch boundary and answers; until then the slot stays busy
    slot?.worker.postMessage({ cancel: p.id });
    p.release();
    p.reject(new JobCancelledError());
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./inference-worker.js', import.meta.url), { workerData: this.config });
    let loaded!: { res: () => void; rej: (e: Error) => void };
    const slot: Slot = { worker, ready: false, loaded: new Promise((res, rej) => (loaded = { res, rej })) };
    slot.loaded.catch(() => undefined); // observed through ready()
    worker.on('message', (m: WorkerReply) => {
      if ('ready' in m) {
        slot.ready = true;
        loaded.res();
        return this.pump();
      }
      const p = slot.current;
      if (!p || p.id !== m.id) return;
      if ('progress' in m) return p.onProgress?.(m.progress);
      this.jobSeconds =
        0.8 * this.jobSeconds + 0.2 * ((performance.now() - (slot.started ?? performance.now())) / 1000);
      this.finish(slot);
      p.release();
      if (!m.ok && m.error.name === 'JobCancelledError') return; // already answered, and counted, as cancelled
      if (m.ok) {
        this.counts.ok++;
        p.resolve(m.result);
      } else {
        this.counts.failed++;
        p.reject(
          m.error.user
            ? Object.assign(new BadRequestError(m.error.message, m.error.status ?? 400), { name: m.error.name })
            : new InternalJobError(m.error.message),
        );
      }
    });
    worker.on('error', (e) => (slot.ready ? this.replace(slot, `worker failed: ${e.message}`) : loaded.rej(e)));
    worker.on('exit', (code) => {
      if (!slot.ready) loaded.rej(new Error(`inference worker exited with code ${code} while loading its models`));
      else if (!this.closing || slot.current) this.replace(slot, `worker exited with code ${code}`);
    });
    return slot;
  }

  private replace(slot: Slot, why: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    const p = slot.current;
    this.finish(slot);
    if (p) {
      p.release();
      this.counts.failed++;
      p.reject(new InternalJobError(why));
    }
    void slot.worker.terminate();
    if (this.closing) {
      this.slots.splice(i, 1);
      return this.pump();
    }
    this.counts.restarts++;
    this.slots[i] = this.spawn();
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.current = undefined;
    slot.timer = undefined;
    slot.idle?.();
    slot.idle = undefined;
    queueMicrotask(() => this.pump());
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.current || !this.queue.length) continue;
      const p = this.queue.shift()!;
      slot.current = p;
      slot.started = performance.now();
      const timeout = jobTimeout(p.job, this.o.jobTimeoutMs);
      slot.timer = setTimeout(() => this.replace(slot, `job took longer than ${timeout} ms`), timeout);
      slot.worker.postMessage({ id: p.id, job: p.job });
    }
    if (this.closing && !this.running && !this.queue.length) this.drained?.();
  }
}

/** The timeout scales with the frames an animation declares: measured (`npm run bench -- abuse`, 2 cores shared with a
 * training run), 120 frames at the animation pixel budget took 70 s, so its 2.5 × 120 s leaves a wide margin. */
export function jobTimeout(job: Job, base: number): number {
  if (job.kind === 'animate') return Math.round(base * Math.max(1, job.params.frames / 48));
  // a reenactment renders about 5–10 frames a second on 2 cores: 48 frames per base period is a wide margin
  if (job.kind === 'reenact') return Math.round(base * Math.max(1, job.info.frames / 48));
  return base;
}
