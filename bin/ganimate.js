#!/usr/bin/env node
// ganimate's CLI (compiled TypeScript in dist/: `npm run build` after a change).
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
