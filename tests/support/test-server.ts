// A real ganimate server on a free loopback port with small random-weight models, for tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer, DEFAULT_LIMITS, type ServeOptions } from '../../src/server/app.js';
import { GeoGANGenerator } from '../../src/models/geogan/networks/index.js';
import { geoganTransferGraph } from '../../src/models/geogan/export-geogan.js';
import { writeOnnx } from '../../src/onnx/write-onnx.js';
import { manualSeed } from '../../src/torch/index.js';
import { writeRandomModels } from './random-models.js';

let models: { generator: string; estimator: string } | undefined;

/** The random models the test servers use (written once per process). */
export function testModels(): { generator: string; estimator: string } {
  return (models ??= writeRandomModels(mkdtempSync(join(tmpdir(), 'ganimate-serve-'))));
}

let transferModel: string | undefined;

/** A random-weight GeoGAN transfer graph at 128 px (written once per process). */
export function testTransferModel(): string {
  if (!transferModel) {
    manualSeed(4);
    const G = new GeoGANGenerator({ imageSize: 128, ngf: 4, nDownsample: 3, nBlocks: 1 });
    transferModel = join(mkdtempSync(join(tmpdir(), 'ganimate-serve-geogan-')), 'geogan-smile.onnx');
    writeOnnx(transferModel, geoganTransferGraph(G, 0.1));
    G.dispose();
  }
  return transferModel;
}

export async function startServer(o: Partial<ServeOptions> = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildServer({
    ...testModels(),
    workers: 1,
    threads: 1,
    minConfidence: 0.5,
    limits: DEFAULT_LIMITS,
    logger: false,
    ...o,
  });
  return { app, url: await app.listen({ port: 0, host: '127.0.0.1' }) };
}
