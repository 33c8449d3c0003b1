// The address of a data-parallel run's rank 0, tcp://HOST:PORT (read without loading the engine).
import { GanimateError } from '../errors.js';

/** Parses tcp://HOST:PORT. */
export function parseDistUrl(url: string): { host: string; port: number } {
  const m = /^tcp:\/\/([^:/\s]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\/?$/.exec(url);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !(port > 0 && port < 65536))
    throw new GanimateError(`--dist-url must be tcp://HOST:PORT (rank 0's address and a free port), got "${url}"`);
  return { host: m[1]!, port };
}
