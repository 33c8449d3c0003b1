// Debian's PyTorch (python3-torch) for reference runs: it is seen by /usr/bin/python3 only.
import { spawnSync } from 'node:child_process';

export const PYTHON = process.env.GANIMATE_PYTHON ?? '/usr/bin/python3';

/** null when `import torch` works, else why not (for a loud skip). */
export function pytorchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, scipy'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} cannot run (${r.error.message}); install python3 or set GANIMATE_PYTHON`;
  if (r.status !== 0) return `${PYTHON} lacks torch/scipy: apt-get install -y python3-torch python3-scipy`;
  return null;
}

export function runPython(args: string[]): void {
  const r = spawnSync(PYTHON, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${PYTHON} ${args.join(' ')} failed:\n${r.stderr}`);
}
