// Which ffmpeg runs: the system's when there is one (`apt-get install -y ffmpeg`), else the static build that ships
// inside the npm package @ffmpeg-installer/ffmpeg, so video works after `npm ci` alone.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { GanimateError } from '../errors.js';

const require = createRequire(import.meta.url);
let found: string | undefined;

/** The ffmpeg binary to run; GANIMATE_FFMPEG names one explicitly. */
export function ffmpegPath(): string {
  if (found) return found;
  const candidates = [process.env.GANIMATE_FFMPEG, 'ffmpeg', bundled()].filter((c): c is string => Boolean(c));
  for (const c of candidates) {
    if (!spawnSync(c, ['-version'], { stdio: 'ignore' }).error) return (found = c);
  }
  throw new GanimateError(
    'video needs ffmpeg: install it (`apt-get install -y ffmpeg`), or reinstall ganimate so that @ffmpeg-installer/ffmpeg ships its binary (`npm ci`)',
  );
}

function bundled(): string | undefined {
  try {
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch {
    return undefined;
  }
}
