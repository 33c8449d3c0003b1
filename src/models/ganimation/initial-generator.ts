// Starting a generator from trained weights instead of at random: a generator ONNX that ganimate
// exported (such as the shipped one: only ONNX is kept, so continuing it means reading the graph's
// weights back), ganimate's safetensors, or a checkpoint of the published PyTorch code; and the same
// for the critic, so a next stage can keep the critic the last one trained.
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { BadFileError, WeightsMismatchError } from '../../errors.js';
import { type Critic, createGenerator, type EditingGenerator, resolveConfig } from './networks/index.js';
import type { Module } from '../../nn/module.js';
import { readTorchCheckpoint } from '../../nn/pytorch/checkpoint.js';
import { readSafetensors } from '../../nn/safetensors.js';
import type { HostTensor } from '../../nn/safetensors.js';
import { loadWeights } from '../../nn/weights.js';
import { copy_, noGrad, scope, slice, tensor } from '../../torch/index.js';
import { readOnnxModel } from '../../onnx/read-model.js';
import { recoverStateDict } from '../../onnx/recover-weights.js';
import { initialCriticPath, initialGeneratorPath } from './options.js';
import { resizeWholeMapKernels } from './image-size-stage.js';

/** Loads `initG` into G in place; returns what it read. A flow generator started from a paint
 * generator takes the encoder and residual blocks it shares with it (the same names and shapes). */
export function loadInitialGenerator(G: EditingGenerator, initG: string): string {
  const path = initialGeneratorPath(initG);
  if (!existsSync(path))
    throw new BadFileError(
      `the generator to start from, ${path}, does not exist; pass an exported .onnx, a .safetensors or a .pth file (or 'shipped')`,
    );
  const ext = extname(path).toLowerCase();
  if (ext === '.onnx') {
    const file = readOnnxModel(path);
    if (file.metadata.kind !== 'ganimation-generator')
      throw new WeightsMismatchError(
        `${path} is not a GANimation generator exported by ganimate (its kind is "${file.metadata.kind ?? 'unknown'}")`,
      );
    const theirs = JSON.parse(file.metadata.config ?? '{}') as Record<string, unknown>;
    const differ = (['cDim', 'gConvDim', 'gRepeatNum'] as const).filter(
      (k) => theirs[k] !== undefined && theirs[k] !== G.config[k],
    );
    if (differ.length) {
      throw new WeightsMismatchError(
        `${path} was trained with ${differ.map((k) => `${k} ${theirs[k]}`).join(', ')} but this configuration has ${differ.map((k) => `${k} ${G.config[k]}`).join(', ')}; choose a configuration with the same generator (the shipped one is the "default" configuration's)`,
      );
    }
    const family = resolveConfig({
      ...G.config,
      colour: (theirs.colour as boolean | undefined) ?? true,
      generator: (theirs.generator as 'paint' | 'flow' | undefined) ?? 'paint',
      conditioning: (theirs.conditioning as 'target' | 'change' | undefined) ?? 'target',
    });
    if (
      family.generator === G.config.generator &&
      family.conditioning === G.config.conditioning &&
      family.colour === G.config.colour
    ) {
      G.loadStateDict(
        recoverStateDict(
          file.initializers,
          G.namedState().map(([n, t]) => [n, t.shape]),
          path,
        ),
        path,
      );
      return path;
    }
    const shapes = otherShapes(family);
    return seedShared(G, recoverStateDict(file.initializers, shapes, path), path);
  } else if (ext === '.safetensors') {
    const file = readSafetensors(path);
    const theirs = JSON.parse(file.metadata.config ?? '{}') as { generator?: string };
    // weights trained at another image size: the whole-map heads' kernels are resized (image-size-stage.ts)
    const { state, resized } = resizeWholeMapKernels(file.tensors, shapesOf(G));
    // a checkpoint's weights carry no configuration: they fit exactly or seed what they share
    const fits =
      G.namedState().every(([n, t]) => state.get(n)?.shape.join('x') === t.shape.join('x')) &&
      state.size === G.namedState().length;
    if ((theirs.generator ?? (fits ? G.config.generator : 'paint')) !== G.config.generator || !fits)
      return seedShared(G, state, path);
    if (resized.length) {
      G.loadStateDict(state, path);
      return `${path} (${resized.join(', ')} resized from another image size)`;
    }
    loadWeights(G, path);
  } else if (ext === '.pth' || ext === '.pt') {
    const { tensors } = readTorchCheckpoint(path);
    if (G.config.generator === 'flow') return seedShared(G, tensors, path);
    G.loadStateDict(tensors, path);
  } else {
    throw new BadFileError(
      `cannot start a generator from ${path}: use an exported .onnx, a .safetensors or a .pth file`,
    );
  }
  return path;
}

/** Loads `initD` into D in place (a run's D.safetensors, 'shipped' or a published .pth); returns the file it read. */
export function loadInitialCritic(D: Critic, initD: string): string {
  const path = initialCriticPath(initD);
  if (!existsSync(path))
    throw new BadFileError(
      `the critic to start from, ${path}, does not exist; pass a run's D.safetensors, 'shipped' or a published .pth file`,
    );
  const ext = extname(path).toLowerCase();
  let state: Map<string, HostTensor>;
  if (ext === '.safetensors') state = readSafetensors(path).tensors;
  else if (ext === '.pth' || ext === '.pt') state = readTorchCheckpoint(path).tensors;
  else
    throw new BadFileError(
      `cannot start a critic from ${path}: use a .safetensors (a run's D.safetensors, or 'shipped') or a .pth file`,
    );
  // a critic with part critics may start from one without: the whole-face critic loads, the parts keep their fresh
  // weights
  const fresh = D.parts && ![...state.keys()].some((k) => k.startsWith('parts.'));
  if (fresh) for (const [k, t] of D.parts!.stateDict()) state.set(`parts.${k}`, t);
  const sized = resizeWholeMapKernels(state, shapesOf(D));
  D.loadStateDict(sized.state, path);
  const notes = [
    ...(fresh ? ['the part critics start fresh'] : []),
    ...(sized.resized.length ? [`${sized.resized.join(', ')} resized from another image size`] : []),
  ];
  return notes.length ? `${path} (${notes.join('; ')})` : path;
}

/** The names and shapes of a module's state. */
function shapesOf(m: Module): [string, number[]][] {
  return m.namedState().map(([n, t]) => [n, t.shape]);
}

/** The tensor shapes of the generator that `config` describes (the other family's, to read its ONNX weights back). */
function otherShapes(config: ReturnType<typeof resolveConfig>): [string, number[]][] {
  const other = createGenerator(config);
  try {
    return other.namedState().map(([n, t]) => [n, t.shape]);
  } finally {
    other.dispose();
  }
}

/** How much of their tensor fits ours: all of it, its leading input channels (a first convolution that
 * took the target AUs as extra channels, seeding one that sees the image alone), or nothing. */
function fit(ours: number[], theirs: number[] | undefined): 'all' | 'leading-inputs' | 'none' {
  if (!theirs || theirs.length !== ours.length) return 'none';
  if (theirs.join('x') === ours.join('x')) return 'all';
  return ours.length === 4 && ours.every((d, i) => (i === 1 ? d < theirs[i]! : d === theirs[i]))
    ? 'leading-inputs'
    : 'none';
}

/** Copies the tensors whose names and shapes G shares with another family's state; the rest keep their
 * initialisation. */
function seedShared(G: Module, state: Map<string, HostTensor>, path: string): string {
  const shared = G.namedState().filter(([n, t]) => fit(t.shape, state.get(n)?.shape) !== 'none');
  if (!shared.length)
    throw new WeightsMismatchError(
      `${path} shares no weights with this ${G.constructor.name}; start it from a generator of the same width and block count`,
    );
  noGrad(() => {
    for (const [n, t] of shared) {
      const theirs = state.get(n)!;
      scope(() => {
        const full = tensor(theirs.data, theirs.shape, t.device);
        copy_(t, fit(t.shape, theirs.shape) === 'all' ? full : slice(full, 1, 0, t.shape[1]!));
      });
    }
  });
  return `${path} (the ${shared.length} of ${G.namedState().length} tensors it shares)`;
}
