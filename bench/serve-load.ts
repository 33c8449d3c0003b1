// `npm run bench -- serve-load`: `ganimate serve` in its own process on loopback, then (1) 50
// concurrent clients editing the sample photo for 60 s — latency percentiles, errors, the server's
// memory over time — and (2) 1,000 malformed requests, every one of which must get a 4xx while the
// server stays up. Uses the shipped models (random-weight ones when none ships). Ends with one JSON line.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { log, startServeProcess } from './harness.js';

const root = resolve(import.meta.dirname, '..', '..');
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const MALFORMED = Number(process.env.MALFORMED ?? 1000);
const photo = readFileSync(join(root, 'assets', 'astronaut.png'));

const { url, server, shipped, rssMb } = await startServeProcess(['--max-queue', String(CLIENTS * 2)]);

function form(image: Uint8Array | undefined, params: string | undefined): FormData {
  const f = new FormData();
  if (image) f.append('image', new Blob([new Uint8Array(image)]), 'photo');
  if (params !== undefined) f.append('params', params);
  return f;
}

// 1. Load: CLIENTS clients, each sending the next request when its answer arrives.
const EMOTIONS = ['happy', 'sad', 'surprise', 'anger', 'disgust', 'fear'];
await fetch(`${url}/v1/edit`, { method: 'POST', body: form(photo, '{"emotion":"happy"}') }); // warm-up
const latencies: number[] = [];
const failures: string[] = [];
const rss: number[] = [rssMb()];
const sampler = setInterval(() => rss.push(rssMb()), 5000);
const end = Date.now() + SECONDS * 1000;
await Promise.all(
  Array.from({ length: CLIENTS }, async (_, c) => {
    for (let k = 0; Date.now() < end; k++) {
      const t = performance.now();
      try {
        const r = await fetch(`${url}/v1/edit`, {
          method: 'POST',
          body: form(photo, JSON.stringify({ emotion: EMOTIONS[(c + k) % EMOTIONS.length] })),
        });
        await r.arrayBuffer();
        if (r.status !== 200) failures.push(`HTTP ${r.status}`);
        else latencies.push(performance.now() - t);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
  }),
);
clearInterval(sampler);
rss.push(rssMb());
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN);
log(
  `load: ${latencies.length} edits in ${SECONDS} s by ${CLIENTS} clients, p50 ${pct(50)} ms, p99 ${pct(99)} ms, ${failures.length} errors; RSS ${rss.map((m) => m.toFixed(0)).join(' ')} MB`,
);

// 2. Faults: MALFORMED requests of every kind of mistake; each must be a 4xx.
const jpeg = await sharp(photo).jpeg().toBuffer();
const huge = await sharp({ create: { width: 12000, height: 12000, channels: 3, background: '#777' } })
  .png({ compressionLevel: 9 })
  .toBuffer();
const rand = (n: number) => new Uint8Array(n).map(() => Math.floor(Math.random() * 256));
const bad: (() => { path: string; body: FormData | string; type?: string })[] = [
  () => ({ path: '/v1/edit', body: form(rand(1 + Math.floor(Math.random() * 50_000)), '{"emotion":"happy"}') }),
  () => ({
    path: '/v1/edit',
    body: form(jpeg.subarray(0, Math.floor(Math.random() * jpeg.length * 0.3)), '{"emotion":"happy"}'),
  }),
  () => ({ path: '/v1/edit', body: form(huge, '{"emotion":"happy"}') }),
  () => ({ path: '/v1/edit', body: form(photo, JSON.stringify({ au: Array(wrongCount()).fill(1) })) }),
  () => ({ path: '/v1/edit', body: form(photo, '{"au":{"12":NaN}}') }),
  () => ({ path: '/v1/edit', body: form(photo, `{"au":{"12":"NaN"}}`) }),
  () => ({ path: '/v1/edit', body: form(photo, `{"emotion":"${'x'.repeat(200_000)}"}`) }),
  () => ({ path: '/v1/edit', body: form(photo, String.fromCharCode(...rand(200))) }),
  () => ({ path: '/v1/animate', body: form(photo, '{"emotion":"happy","frames":100000}') }),
  () => ({ path: '/v1/edit', body: form(undefined, '{"emotion":"happy"}') }),
  () => ({ path: '/v1/edit', body: '{"emotion":"happy"}', type: 'application/json' }),
  () => ({ path: '/v1/estimate', body: form(photo, '{"crops":"yes"}') }),
];
/** Any AU list length but the right one (17). */
function wrongCount(): number {
  const n = Math.floor(Math.random() * 40);
  return n === 17 ? 18 : n;
}
const statuses = new Map<number | string, number>();
let badIndex = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (badIndex < MALFORMED) {
      const c = bad[badIndex++ % bad.length]!();
      try {
        const r = await fetch(url + c.path, {
          method: 'POST',
          body: c.body,
          headers: c.type ? { 'content-type': c.type } : {},
        });
        await r.arrayBuffer();
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      } catch (e) {
        statuses.set(`network: ${(e as Error).message}`, (statuses.get(`network: ${(e as Error).message}`) ?? 0) + 1);
      }
    }
  }),
);
const fourxx = [...statuses]
  .filter(([s]) => typeof s === 'number' && s >= 400 && s < 500)
  .reduce((n, [, k]) => n + k, 0);
const alive = (await fetch(`${url}/healthz`)).status === 200;
log(
  `faults: ${MALFORMED} malformed requests -> ${JSON.stringify(Object.fromEntries(statuses))}; healthz afterwards ${alive ? 200 : 'DOWN'}`,
);
server.kill('SIGTERM');
await new Promise((r) => server.on('exit', r));

console.log(
  JSON.stringify({
    clients: CLIENTS,
    seconds: SECONDS,
    edits: latencies.length,
    edits_per_s: Math.round((latencies.length / SECONDS) * 100) / 100,
    p50_ms: pct(50),
    p99_ms: pct(99),
    errors: failures.length,
    rss_start_mb: Math.round(rss[0]!),
    rss_max_mb: Math.round(Math.max(...rss)),
    rss_end_mb: Math.round(rss.at(-1)!),
    malformed: MALFORMED,
    malformed_4xx: fourxx,
    server_alive: alive,
    shipped_models: shipped,
  }),
);
