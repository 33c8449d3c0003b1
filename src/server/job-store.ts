// Jobs a client follows instead of waiting on its request (reenactment): an id to poll, progress, a result file
// kept on disk until it expires. A job runs whether or not its client is still connected.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface TrackedJob {
  id: string;
  kind: string;
  status: JobStatus;
  /** Frames rendered, of `total`. */
  done: number;
  total: number;
  created: number;
  finished?: number;
  /** The result file, when done. */
  file?: string;
  contentType?: string;
  error?: { status: number; type: string; message: string };
}

export class JobStore {
  private readonly jobs = new Map<string, TrackedJob>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Where inputs and results of followed jobs live (removed on close). */
  readonly dir = mkdtempSync(join(tmpdir(), 'ganimate-jobs-'));

  /** `ttlMs`: how long a finished job (and its result) is kept. */
  constructor(
    private readonly ttlMs: number,
    readonly maxJobs = 256,
  ) {}

  get size(): number {
    return this.jobs.size;
  }

  create(kind: string, total: number): TrackedJob {
    const job: TrackedJob = {
      id: randomBytes(12).toString('hex'),
      kind,
      status: 'queued',
      done: 0,
      total,
      created: Date.now(),
    };
    this.jobs.set(job.id, job);
    return job;
  }

  get(id: string): TrackedJob | undefined {
    return this.jobs.get(id);
  }

  /** A path in the store's folder for one of the job's files. */
  path(job: TrackedJob, name: string): string {
    return join(this.dir, `${job.id}-${name}`);
  }

  finish(job: TrackedJob, outcome: { file: string; contentType: string } | { error: TrackedJob['error'] }): void {
    Object.assign(
      job,
      'file' in outcome ? { status: 'done', ...outcome } : { status: 'failed', error: outcome.error },
      { finished: Date.now() },
    );
    this.timers.set(job.id, setTimeout(() => this.remove(job.id), this.ttlMs).unref());
  }

  /** Forgets a job and deletes its files. */
  remove(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.jobs.delete(id);
    rmSync(join(this.dir, `${id}-input`), { force: true });
    for (const suffix of ['result.mp4', 'result.gif', 'result.webp', 'driver'])
      rmSync(join(this.dir, `${id}-${suffix}`), { force: true });
  }

  /** What GET /v1/jobs/<id> answers. */
  view(job: TrackedJob): Record<string, unknown> {
    const base = `/v1/jobs/${job.id}`;
    return {
      id: job.id,
      kind: job.kind,
      status: job.status,
      progress: { frames: job.done, total: job.total },
      created: new Date(job.created).toISOString(),
      ...(job.finished
        ? { finished: new Date(job.finished).toISOString(), expires: new Date(job.finished + this.ttlMs).toISOString() }
        : {}),
      ...(job.status === 'done' ? { result: `${base}/result` } : {}),
      ...(job.error ? { error: job.error } : {}),
      url: base,
    };
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
