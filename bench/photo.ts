// `npm run bench -- photo`: the paper-size generator and the default-size flow generator on ONNX
// Runtime against PyTorch eager with the same weights and threads (batch 1, alternating runs), and the
// whole pipeline on the 512×512 sample photo (detect, align, generate, paste back). Ends with one JSON line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEmotion } from '../src/au/emotions.js';
import { readImage } from '../src/image/image-io.js';
import { FaceEditor } from '../src/infer/face-editor.js';
import { createGenerator, FlowGenerator, Generator, PAPER_CONFIG } from '../src/models/ganimation/networks/index.js';
import { saveWeights } from '../src/nn/weights.js';
import { generatorGraph } from '../src/models/ganimation/export-ganimation.js';
import { writeOnnx } from '../src/onnx/write-onnx.js';
import { manualSeed, noGrad, normal_ } from '../src/torch/index.js';
import { CONFIGS } from '../src/models/ganimation/options.js';
import { benchArgs, log, median } from './harness.js';
import { PyTorchPeer } from './pytorch-peer.js';

const { threads, reps, sharedDir } = benchArgs();
const dir = mkdtempSync(join(tmpdir(), 'ganimate-bench-'));
manualSeed(0);
const G = new Generator(PAPER_CONFIG);
saveWeights(G, join(dir, 'G.safetensors'));
writeOnnx(join(dir, 'G.onnx'), generatorGraph(G));
G.dispose();

// the flow family at the default size, with trained-looking heads (they start at zero)
manualSeed(0);
const F = createGenerator({ ...PAPER_CONFIG, ...CONFIGS.flow!.model }) as FlowGenerator;
noGrad(() => {
  for (const [n, p] of F.namedParameters()) if (n === 'flow_reg.weight' || n === 'img_reg.weight') normal_(p, 0, 0.02);
});
saveWeights(F, join(dir, 'F.safetensors'));
writeOnnx(join(dir, 'F.onnx'), generatorGraph(F));
F.dispose();

const x = { data: new Float32Array(3 * 128 * 128).map(() => Math.random() * 2 - 1), dims: [1, 3, 128, 128] };
const aus = { data: new Float32Array(17).fill(0.3), dims: [1, 17] };

/** Median ms of one batch-1 forward on ONNX Runtime and in PyTorch eager, alternating. */
async function againstPyTorch(
  onnx: string,
  script: string,
  weights: string,
  extra: string[] = [],
): Promise<{ ort: number; torch: number; version: string }> {
  const torch = await PyTorchPeer.start(join(import.meta.dirname, '..', '..', 'bench', 'pytorch', script), [
    join(sharedDir, 'reference'),
    weights,
    String(threads),
    ...extra,
  ]);
  const editor = await FaceEditor.load({ generator: onnx, threads });
  const ort = () => editor.generator.run({ image: x, aus });
  const n = reps * 5;
  await ort();
  await torch.run('g_fwd_b1');
  const times = { ort: [] as number[], torch: [] as number[] };
  for (let i = 0; i < n; i++) {
    if (i % 2) times.torch.push(await torch.run('g_fwd_b1'));
    const t = performance.now();
    await ort();
    times.ort.push(performance.now() - t);
    if (i % 2 === 0) times.torch.push(await torch.run('g_fwd_b1'));
  }
  torch.stop();
  await editor.dispose();
  return { ort: median(times.ort), torch: median(times.torch), version: String(torch.info.torch) };
}
log(`paper generator b1: ONNX Runtime vs PyTorch eager, ${threads} thread(s), ${reps * 5} alternating runs`);
const paper = await againstPyTorch(join(dir, 'G.onnx'), 'generator.py', join(dir, 'G.safetensors'));
log(
  `flow generator (default size) b1: ONNX Runtime vs PyTorch eager, ${threads} thread(s), ${reps * 5} alternating runs`,
);
const flowModel = CONFIGS.flow!.model;
const flow = await againstPyTorch(join(dir, 'F.onnx'), 'flow_generator.py', join(dir, 'F.safetensors'), [
  String(flowModel.gConvDim),
  String(flowModel.gRepeatNum),
]);
const editor = await FaceEditor.load({ generator: join(dir, 'G.onnx'), threads });

const sample = resolve(import.meta.dirname, '..', '..', 'assets', 'astronaut.png');
const target = parseEmotion('surprise');
/** Median time of a whole photo: read, detect, align, generate, paste back. */
async function photoMs(e: FaceEditor): Promise<{ total: number; prepare: number }> {
  const total: number[] = [];
  const prepare: number[] = [];
  for (let i = 0; i <= reps; i++) {
    const t = performance.now();
    const p = await e.prepare(await readImage(sample), 'astronaut.png');
    const t1 = performance.now();
    await e.render(p, [[target]]);
    if (i === 0) continue; // the first run loads the face detector
    total.push(performance.now() - t);
    prepare.push(t1 - t);
  }
  return { total: median(total), prepare: median(prepare) };
}
log('whole photo (512×512 sample), paper-size generator');
const photo = await photoMs(editor);
await editor.dispose();
log(
  'whole photo (512×512 sample), default-size flow generator (the family the next default is trained in), default detector (fast)',
);
const small = await FaceEditor.load({ generator: join(dir, 'F.onnx'), threads });
const photoDefault = await photoMs(small);
await small.dispose();
log('whole photo (512×512 sample), default-size flow generator, --detector ssd');
const ssd = await FaceEditor.load({ generator: join(dir, 'F.onnx'), threads, detector: 'ssd' });
const photoSsd = await photoMs(ssd);
await ssd.dispose();

const r3 = (v: number) => Math.round(v * 1000) / 1000;
console.log(
  JSON.stringify({
    bench: 'photo',
    threads,
    generator_vs_pytorch: r3(paper.ort / paper.torch),
    generator_ort_ms: r3(paper.ort),
    generator_pytorch_ms: r3(paper.torch),
    flow_generator_vs_pytorch: r3(flow.ort / flow.torch),
    flow_generator_ort_ms: r3(flow.ort),
    flow_generator_pytorch_ms: r3(flow.torch),
    photo_ms: r3(photo.total),
    photo_default_ms: r3(photoDefault.total),
    detect_align_ms: r3(photoDefault.prepare),
    photo_default_ssd_ms: r3(photoSsd.total),
    detect_align_ssd_ms: r3(photoSsd.prepare),
    pytorch: paper.version,
  }),
);
