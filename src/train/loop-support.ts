// Plumbing every training loop shares: Ctrl-C that stops after the current step, and a JSONL
// statistics file that stays consistent with the checkpoint a run resumes from.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic-write.js';

/** First Ctrl-C: finish the step, checkpoint, stop. Second: quit at once. */
export function interruptible(log: (l: string) => void): { readonly stop: boolean; request(): void; dispose(): void } {
  const state = {
    stop: false,
    request() {
      state.stop = true;
    },
    dispose() {
      process.off('SIGINT', onSigint);
    },
  };
  const onSigint = () => {
    if (state.stop) process.exit(130);
    state.stop = true;
    log('\nstopping after this step and saving a checkpoint (Ctrl-C again to quit at once)');
  };
  process.on('SIGINT', onSigint);
  return state;
}

export class StatsFile {
  constructor(readonly path: string) {}

  append(line: Record<string, unknown>): void {
    appendFileSync(this.path, `${JSON.stringify(line)}\n`);
  }

  /** Drops entries after `iteration`: they belong to iterations a resumed run is about to redo. */
  truncateAfter(iteration: number): void {
    if (!existsSync(this.path)) return;
    const kept = readFileSync(this.path, 'utf8').split('\n').filter((l) => l && (JSON.parse(l) as { iteration: number }).iteration <= iteration);
    writeFileAtomic(this.path, Buffer.from(kept.map((l) => `${l}\n`).join('')));
  }
}
