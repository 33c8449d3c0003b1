// A real ganimate server on a free loopback port with small random-weight models, for tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer, DEFAULT_LIMITS, type ServeOptions } from '../../src/server/app.js';
import { writeRandomModels } from './random-models.js';

let models: { generator: string; estimator: string } | undefined;

/** The random models the test servers use (written once per process). */
export function testModels(): { generator: string; estimator: string } {
  return (models ??= writeRandomModels(mkdtempSync(join(tmpdir(), 'ganimate-serve-'))));
}

export async function startServer(o: Partial<ServeOptions> = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildServer({ ...testModels(), workers: 1, threads: 1, minConfidence: 0.5, limits: DEFAULT_LIMITS, ...o });
  return { app, url: await app.listen({ port: 0, host: '127.0.0.1' }) };
}
