// The generator of a configuration's family.
import { type GANimationConfig, resolveConfig } from './config.js';
import type { EditingGenerator } from './edit.js';
import { FlowGenerator } from './flow-generator.js';
import { Generator } from './generator.js';

export function createGenerator(config: Partial<GANimationConfig> = {}): EditingGenerator {
  const c = resolveConfig(config);
  return c.generator === 'flow' ? new FlowGenerator(c) : new Generator(c);
}
