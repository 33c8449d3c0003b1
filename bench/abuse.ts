// `npm run bench -- abuse`: `ganimate serve` in its own process on loopback with its default limits and
// the shipped models, against what hostile or careless clients do: clients that post animations and
// hang up, decompression bombs (a 24-megapixel PNG of zeros, a header declaring 50,000 × 50,000, an
// SVG declaring 6000 × 6000), malformed multipart, bad URLs, oversized headers and fields, slow
// uploads and a queue flood; then SIGTERM with jobs queued. Ends with one JSON line: requests sent,
// answers by status class, 5xx other than 503-busy (goal 0), jobs still running or queued after their
// clients left (goal 0), shutdown seconds and the server's memory before and after.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { log, startServeProcess } from './harness.js';

const root = resolve(import.meta.dirname, '..', '..');
const photo = readFileSync(join(root, 'assets', 'astronaut.png'));
const { url, server, shipped, rssMb, log: serverLog } = await startServeProcess(['--shutdown-grace', '10']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const answers = new Map<string, number>();
let sent = 0;
let busy = 0;
const count = (status: number | string) => answers.set(String(status), (answers.get(String(status)) ?? 0) + 1);

function form(image: Uint8Array | undefined, params: string | undefined): FormData {
  const f = new FormData();
  if (image) f.append('image', new Blob([new Uint8Array(image)]), 'photo');
  if (params !== undefined) f.append('params', params);
  return f;
}

/** One request; its status is counted (a client that hangs up on purpose counts as 'abandoned'). */
async function send(
  path: string,
  body: FormData | string,
  o: { headers?: Record<string, string>; abortAfterMs?: number } = {},
): Promise<number | undefined> {
  sent++;
  const signal = o.abortAfterMs === undefined ? undefined : AbortSignal.timeout(o.abortAfterMs);
  try {
    const r = await fetch(url + path, { method: 'POST', body, headers: o.headers, signal });
    await r.arrayBuffer();
    if (r.status === 503 && r.headers.get('retry-after')) busy++;
    count(r.status);
    return r.status;
  } catch (e) {
    count(signal?.aborted ? 'abandoned' : `network: ${(e as Error).message}`);
    return undefined;
  }
}

/** Raw bytes on one connection (what fetch will not send); the status of the answer. */
async function raw(request: string | Uint8Array, trickleMs = 0): Promise<void> {
  sent++;
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => undefined);
  if (trickleMs) {
    // a slow client: a few bytes at a time, then it gives up
    const bytes = typeof request === 'string' ? Buffer.from(request) : request;
    for (let i = 0; i < bytes.length && i < 40; i++, await sleep(trickleMs)) socket.write(bytes.subarray(i, i + 1));
    socket.destroy();
    return void count('abandoned');
  }
  socket.end(request);
  let text = '';
  for await (const chunk of socket) text += String(chunk);
  count(Number(text.split(' ')[1]) || 'no answer');
}

const health = async () => (await (await fetch(`${url}/healthz`)).json()) as { running: number; queued: number };

await send('/v1/edit', form(photo, '{"emotion":"happy"}')); // warm-up
await sleep(1000);
const rssBefore = rssMb();

// 1. Clients that post a 24-frame animation and hang up after one second.
await Promise.all(
  Array.from({ length: 20 }, () =>
    send('/v1/animate', form(photo, '{"emotion":"surprise","frames":24}'), { abortAfterMs: 1000 }),
  ),
);
await sleep(2000);
const left = await health();
const abandonedAfter = left.running + left.queued;
const t0 = performance.now();
const editAfter = await send('/v1/edit', form(photo, '{"emotion":"happy"}'));
const editAfterMs = performance.now() - t0;
log(
  `hang-ups: 20 animations abandoned after 1 s; 2 s later ${left.running} running, ${left.queued} queued; next edit ${editAfter} in ${editAfterMs.toFixed(0)} ms`,
);

// 2. Decompression bombs and costly decodes.
const zeros24 = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#000' } })
  .png({ compressionLevel: 9 })
  .toBuffer();
const declared = new Uint8Array(
  await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
    .png()
    .toBuffer(),
);
new DataView(declared.buffer).setUint32(16, 50_000);
new DataView(declared.buffer).setUint32(20, 50_000);
const svg = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg" width="6000" height="6000"><rect width="6000" height="6000"/></svg>',
);
const tBomb = performance.now();
await send('/v1/edit', form(zeros24, '{"emotion":"happy"}'));
const bombSeconds = (performance.now() - tBomb) / 1000;
for (const bytes of [declared, svg]) await send('/v1/edit', form(bytes, '{"emotion":"happy"}'));
// the largest animation the limits allow: 120 frames of a big photo (animated downscaled to the pixel budget)
const big = await sharp(photo).resize(4000, 4000).jpeg().toBuffer();
const tAnim = performance.now();
await send('/v1/animate', form(big, '{"emotion":"surprise","frames":120}'));
const maxAnimationSeconds = (performance.now() - tAnim) / 1000;
log(
  `bombs: a ${(zeros24.length / 1024).toFixed(0)} kB PNG of 6000×4000 zeros took ${bombSeconds.toFixed(1)} s; 120 frames of a 16-megapixel photo ${maxAnimationSeconds.toFixed(1)} s`,
);

// 3. Malformed requests.
const boundary = '----abuse';
const part = `--${boundary}\r\ncontent-disposition: form-data; name="params"\r\n\r\n{"emotion":"happy"}\r\n`;
const multipart = (body: string, type = `multipart/form-data; boundary=${boundary}`) =>
  send('/v1/edit', body, { headers: { 'content-type': type } });
for (let k = 0; k < 10; k++) {
  await multipart(part, 'multipart/form-data');
  await multipart(part, 'multipart/form-data; boundary=elsewhere');
  await multipart(
    `${part}--${boundary}\r\ncontent-disposition: form-data; name="image"; filename="a.png"\r\n\r\n\x89PNG`,
  );
  await send('/v1/edit', form(photo, `{"emotion":"${'x'.repeat(100_000)}"}`));
  await raw('GET /v1/models%zz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
  await raw(`GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
  await raw('BREW /coffee HTCPCP/1.0\r\n\r\n');
}

// 4. Slow uploads beside a queue flood: 40 edits at once against 1 worker and a queue of 16.
await Promise.all([
  ...Array.from({ length: 4 }, () =>
    raw(
      `POST /v1/edit HTTP/1.1\r\nhost: x\r\ncontent-type: multipart/form-data; boundary=${boundary}\r\ncontent-length: 100000\r\n\r\n${part}`,
      100,
    ),
  ),
  ...Array.from({ length: 40 }, () => send('/v1/edit', form(photo, '{"emotion":"sad"}'))),
]);
while ((await health()).running + (await health()).queued > 0) await sleep(200);
await sleep(3000);
const rssAfter = rssMb();

// 5. SIGTERM with animations running and queued.
const pending = Array.from({ length: 6 }, () => send('/v1/animate', form(photo, '{"emotion":"happy","frames":48}')));
await sleep(1500);
const tStop = performance.now();
server.kill('SIGTERM');
await new Promise((r) => server.on('exit', r));
const shutdownSeconds = (performance.now() - tStop) / 1000;
await Promise.all(pending);

const byClass = (c: string) =>
  [...answers].filter(([s]) => s[0] === c && s.length === 3).reduce((n, [, k]) => n + k, 0);
const errorLines = serverLog()
  .split('\n')
  .filter((l) => /"level":50/.test(l)).length;
log(
  `answers: ${JSON.stringify(Object.fromEntries(answers))}; error-level log lines ${errorLines}; shutdown ${shutdownSeconds.toFixed(1)} s`,
);
console.log(
  JSON.stringify({
    requests: sent,
    status_2xx: byClass('2'),
    status_4xx: byClass('4'),
    status_503_busy: busy,
    status_5xx: byClass('5') - busy,
    abandoned_by_clients: answers.get('abandoned') ?? 0,
    abandoned_jobs_after: abandonedAfter,
    edit_after_hangups_ms: Math.round(editAfterMs),
    bomb_24mp_s: Math.round(bombSeconds * 10) / 10,
    animate_120_max_s: Math.round(maxAnimationSeconds * 10) / 10,
    shutdown_s: Math.round(shutdownSeconds * 10) / 10,
    rss_mb_before: Math.round(rssBefore),
    rss_mb_after: Math.round(rssAfter),
    shipped_models: shipped,
  }),
);
