// Loads the libtorch addon lazily, so that importing ganimate never needs libtorch.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineMissingError } from '../errors.js';
import type { NativeModule } from './native-types.js';

export type { NativeModule, NativeTensor } from './native-types.js';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const addonPath = join(packageRoot, 'native', 'build', 'Release', 'ganimate_torch.node');

let loaded: NativeModule | undefined;

/** The native engine; throws EngineMissingError with the fix when it is not built. */
export function native(): NativeModule {
  if (loaded) return loaded;
  if (!existsSync(addonPath)) {
    throw new EngineMissingError(
      'The libtorch training engine is not built. Run `npm run build:native` ' +
        '(it needs `apt-get install -y libtorch-dev`, or LIBTORCH=<dir of an unpacked libtorch>).',
    );
  }
  try {
    loaded = createRequire(import.meta.url)(addonPath) as NativeModule;
  } catch (e) {
    throw new EngineMissingError(
      `The libtorch engine at ${addonPath} failed to load (${(e as Error).message.split('\n')[0]}). ` +
        'Rebuild it with `npm run build:native`; with LIBTORCH set, check that its lib/ is readable.',
    );
  }
  return loaded;
}

/** True when the engine can be loaded here (tests use it to say loudly why they skip). */
export function engineAvailable(): boolean {
  try {
    native();
    return true;
  } catch {
    return false;
  }
}
