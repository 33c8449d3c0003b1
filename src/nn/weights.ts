// Weight and optimizer-state files for modules (safetensors, PyTorch state-dict names).
import { Adam } from './adam.js';
import type { Module } from './module.js';
import { readSafetensors, writeSafetensors } from './safetensors.js';

export function saveWeights(module: Module, path: string, metadata: Record<string, string> = {}): void {
  writeSafetensors(path, module.stateDict(), metadata);
}

/** Loads weights into module; `prefix` selects one model from a file holding several (e.g. 'G0.'). */
export function loadWeights(module: Module, path: string, prefix = ''): Record<string, string> {
  const file = readSafetensors(path);
  const state = new Map(
    [...file.tensors].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]),
  );
  module.loadStateDict(state, path);
  return file.metadata;
}

export function saveOptimizer(opt: Adam, path: string): void {
  const { tensors, metadata } = opt.stateDict();
  writeSafetensors(path, tensors, metadata);
}

export function loadOptimizer(opt: Adam, path: string): void {
  opt.loadStateDict(readSafetensors(path), path);
}
