import sharp from 'sharp';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { encodeGif } from './dist/src/image/gif-encoder.js';
const files = readdirSync('/tmp/frames').sort();
const frames = [];
for (const f of files) { const { data, info } = await sharp('/tmp/frames/' + f).removeAlpha().raw().toBuffer({ resolveWithObject: true }); frames.push({ width: info.width, height: info.height, data: new Uint8Array(data) }); }
const [w, h] = [frames[0].width, frames[0].height];
const stacked = Buffer.concat(frames.map(f => f.data));
const mae = async (out) => { const dec = await sharp(out, { animated: true }).removeAlpha().raw().toBuffer(); if (dec.length !== stacked.length) return 'len ' + dec.length; let e = 0; for (let i = 0; i < stacked.length; i++) e += Math.abs(dec[i] - stacked[i]); return (e / stacked.length).toFixed(3); };
let t = performance.now(); const g = encodeGif(frames, 12); console.log('ours', Math.round(performance.now() - t), 'ms', g.length, 'MAE', await mae(g));
t = performance.now(); const s = await sharp(stacked, { raw: { width: w, height: h * frames.length, channels: 3, pageHeight: h } }).gif({ delay: 83, loop: 0, effort: 7 }).toBuffer(); console.log('sharp7', Math.round(performance.now() - t), 'ms', s.length, 'MAE', await mae(s));
t = performance.now(); const r = spawnSync('ffmpeg', ['-v', 'error', '-framerate', '12', '-i', '/tmp/frames/frame_%04d.png', '-filter_complex', 'split[a][b];[a]palettegen[p];[b][p]paletteuse', '-loop', '0', '-f', 'gif', '-'], { maxBuffer: 1e9 }); console.log('ffmpeg', Math.round(performance.now() - t), 'ms', r.stdout.length, 'MAE', await mae(r.stdout));
