// Checkpoints: named modules and optimisers (G, D, optG, optD for GANimation), the engine's RNG, the loader position
// and the iteration, written to a temporary folder, renamed into place, then published by rewriting `latest`
// atomically, so an interrupted write never leaves a half checkpoint behind.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoaderPosition } from '../data/batch-loader.js';
import { GanimateError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Adam, Module } from '../nn/index.js';
import { loadOptimizer, loadWeights, saveOptimizer, saveWeights } from '../nn/weights.js';
import { cudaDeviceCount, getRngState, setRngState } from '../torch/index.js';

/** What a checkpoint holds, by file name: modules (weights) and optimisers (Adam state). */
export interface Trained {
  modules: Record<string, Module>;
  optimizers: Record<string, Adam>;
}

export interface TrainState {
  iteration: number;
  position: LoaderPosition;
}

const KEEP = 2;

export function saveCheckpoint(runDir: string, m: Trained, state: TrainState): string {
  const root = join(runDir, 'checkpoints');
  const name = `iter-${String(state.iteration).padStart(7, '0')}`;
  const tmp = join(root, `${name}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [name, mod] of Object.entries(m.modules)) saveWeights(mod, join(tmp, `${name}.safetensors`));
  for (const [name, opt] of Object.entries(m.optimizers)) saveOptimizer(opt, join(tmp, `${name}.safetensors`));
  writeFileSync(
    join(tmp, 'state.json'),
    JSON.stringify({
      ...state,
      torchRng: Buffer.from(getRngState()).toString('base64'),
      // training on a GPU draws there too (the gradient penalty's mixing weights)
      ...(cudaDeviceCount() > 0 ? { cudaRng: Buffer.from(getRngState('cuda')).toString('base64') } : {}),
    }),
  );
  rmSync(join(root, name), { recursive: true, force: true });
  renameSync(tmp, join(root, name));
  writeFileAtomic(join(root, 'latest'), Buffer.from(name));
  const old = readdirSync(root)
    .filter((f) => /^iter-\d+$/.test(f))
    .sort()
    .slice(0, -KEEP);
  for (const f of old) rmSync(join(root, f), { recursive: true, force: true });
  return join(root, name);
}

/** Restores everything saved; returns the state to continue from. */
export function loadCheckpoint(runDir: string, m: Trained): TrainState {
  const latest = join(runDir, 'checkpoints', 'latest');
  if (!existsSync(latest))
    throw new GanimateError(`${runDir} has no checkpoint to resume from (no checkpoints/latest)`);
  const name = readFileSync(latest, 'utf8').trim();
  const root = join(runDir, 'checkpoints');
  const others = () =>
    readdirSync(root)
      .filter((f) => /^iter-\d+$/.test(f) && f !== name)
      .sort();
  const damaged = (what: string) => {
    const older = others().at(-1);
    return new GanimateError(
      `${join(root, name)}: ${what}; the checkpoint is damaged.${older ? ` Resume from the one before it: echo ${older} > ${latest}` : ' No other checkpoint is left: start a new run'}`,
    );
  };
  // `latest` names a checkpoint folder beside it, never a path elsewhere
  if (!/^iter-\d+$/.test(name))
    throw new GanimateError(
      `${latest} should name a checkpoint folder such as iter-0000500, not ${JSON.stringify(name.slice(0, 80))}`,
    );
  const dir = join(root, name);
  if (!existsSync(dir)) throw damaged('the folder does not exist');
  let state: TrainState & { torchRng: string; cudaRng?: string };
  try {
    state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as TrainState & {
      torchRng: string;
      cudaRng?: string;
    };
  } catch (e) {
    throw damaged(`state.json cannot be read (${(e as Error).message})`);
  }
  const at = state?.position as { epoch?: unknown; batch?: unknown } | undefined;
  if (
    !Number.isInteger(state?.iteration) ||
    state.iteration < 0 ||
    !Number.isInteger(at?.epoch) ||
    !Number.isInteger(at?.batch)
  )
    throw damaged('state.json lacks the iteration or the loader position');
  const rng =
    typeof state.torchRng === 'string' && /^[A-Za-z0-9+/]+=*$/.test(state.torchRng)
      ? new Uint8Array(Buffer.from(state.torchRng, 'base64'))
      : undefined;
  if (!rng || rng.length !== getRngState().length)
    throw damaged(
      `its random-generator state is malformed (${rng?.length ?? 'no'} bytes, ${getRngState().length} expected)`,
    );
  try {
    for (const [file, mod] of Object.entries(m.modules)) loadWeights(mod, join(dir, `${file}.safetensors`));
    for (const [file, opt] of Object.entries(m.optimizers)) loadOptimizer(opt, join(dir, `${file}.safetensors`));
  } catch (e) {
    throw e instanceof GanimateError
      ? damaged(e.message)
      : damaged(`its weights cannot be read (${(e as Error).message})`);
  }
  setRngState(rng);
  if (typeof state.cudaRng === 'string' && cudaDeviceCount() > 0)
    setRngState(new Uint8Array(Buffer.from(state.cudaRng, 'base64')), 'cuda');
  return { iteration: state.iteration, position: state.position };
}
