#!/usr/bin/env node
// ganimate's CLI (compiled TypeScript in dist/: `npm run build` after a change).
import { MALLOC_TUNING, needsMallocTuning, relaunch } from '../dist/src/cli/relaunch.js';

const args = process.argv.slice(2);
const fail = (e) => {
  console.error(e);
  process.exitCode = 1;
};
if (needsMallocTuning(args)) {
  // the server runs as a child with glibc's malloc tuned (src/cli/relaunch.ts); this process only waits for it
  relaunch(MALLOC_TUNING).then((code) => (process.exitCode = code), fail);
} else {
  const { main } = await import('../dist/src/cli/main.js');
  main(args).then((code) => (process.exitCode = code), fail);
}
