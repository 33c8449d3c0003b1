// `npm run bench -- photo`: the paper-size generator on ONNX Runtime against PyTorch eager with the
// same weights and threads (batch 1, alternating runs), and the whole pipeline on the 512×512 sample
// photo (detect, align, generate, paste back). Ends with one JSON line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEmotion } from '../src/au/emotions.js';
import { readImage } from '../src/image/image-io.js';
import { FaceEditor } from '../src/infer/face-editor.js';
import { Generator, PAPER_CONFIG } from '../src/networks/ganimation/index.js';
import { saveWeights } from '../src/nn/weights.js';
import { generatorGraph, writeOnnx } from '../src/onnx/index.js';
import { manualSeed } from '../src/torch/index.js';
import { CONFIGS } from '../src/train/options.js';
import { benchArgs, log, median } from './harness.js';
import { PyTorchPeer } from './pytorch-peer.js';

const { threads, reps, sharedDir } = benchArgs();
const dir = mkdtempSync(join(tmpdir(), 'ganimate-bench-'));
manualSeed(0);
const G = new Generator(PAPER_CONFIG);
saveWeights(G, join(dir, 'G.safetensors'));
writeOnnx(join(dir, 'G.onnx'), generatorGraph(G));
G.dispose();

const torch = await PyTorchPeer.start(join(import.meta.dirname, '..', '..', 'bench', 'pytorch', 'generator.py'), [join(sharedDir, 'reference'), join(dir, 'G.safetensors'), String(threads)]);
const editor = await FaceEditor.load({ generator: join(dir, 'G.onnx'), threads });
const x = { data: new Float32Array(3 * 128 * 128).map(() => Math.random() * 2 - 1), dims: [1, 3, 128, 128] };
const aus = { data: new Float32Array(17).fill(0.3), dims: [1, 17] };
const ort = () => editor.generator.run({ image: x, aus });

const n = reps * 5;
log(`generator b1: ONNX Runtime vs PyTorch eager, ${threads} thread(s), ${n} alternating runs`);
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
manualSeed(0);
const D = new Generator({ ...PAPER_CONFIG, ...CONFIGS.default!.model });
writeOnnx(join(dir, 'G-default.onnx'), generatorGraph(D));
D.dispose();
log('whole photo (512×512 sample), default-size generator (the shipped configuration), default detector (fast)');
const small = await FaceEditor.load({ generator: join(dir, 'G-default.onnx'), threads });
const photoDefault = await photoMs(small);
await small.dispose();
log('whole photo (512×512 sample), default-size generator, --detector ssd');
const ssd = await FaceEditor.load({ generator: join(dir, 'G-default.onnx'), threads, detector: 'ssd' });
const photoSsd = await photoMs(ssd);
await ssd.dispose();

const r3 = (v: number) => Math.round(v * 1000) / 1000;
console.log(
  JSON.stringify({
    bench: 'photo',
    threads,
    generator_vs_pytorch: r3(median(times.ort) / median(times.torch)),
    generator_ort_ms: r3(median(times.ort)),
    generator_pytorch_ms: r3(median(times.torch)),
    photo_ms: r3(photo.total),
    photo_default_ms: r3(photoDefault.total),
    detect_align_ms: r3(photoDefault.prepare),
    photo_default_ssd_ms: r3(photoSsd.total),
    detect_align_ssd_ms: r3(photoSsd.prepare),
    pytorch: torch.info.torch,
  }),
);
