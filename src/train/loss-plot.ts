// Loss curves of a run as a PNG: one panel per statistic in stats.jsonl, drawn as SVG and rasterised by sharp.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { GanimateError } from '../errors.js';

const PANEL = { w: 300, h: 180, pad: 34 };
const SKIP = new Set(['iteration', 'epoch', 'time', 'mask_hist']);

export async function plotRun(statsFile: string): Promise<Uint8Array> {
  let rows: Record<string, unknown>[];
  try {
    rows = readFileSync(statsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  } catch {
    throw new GanimateError(`cannot read ${statsFile}; is this a training run folder?`);
  }
  if (rows.length < 2)
    throw new GanimateError(`${statsFile} has ${rows.length} entries; train a little longer before plotting`);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter(
    (k) => !SKIP.has(k) && rows.some((r) => typeof r[k] === 'number'),
  );
  const cols = 4;
  const rowsN = Math.ceil(keys.length / cols);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const fmt = (v: number) =>
    Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : v.toPrecision(3);
  const panels = keys.map((k, i) => {
    const pts = rows
      .filter((r) => typeof r[k] === 'number')
      .map((r) => [r.iteration as number, r[k] as number] as const);
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const sx = (x: number) => PANEL.pad + ((x - x0) / (x1 - x0 || 1)) * (PANEL.w - PANEL.pad - 8);
    const sy = (y: number) => PANEL.h - 20 - ((y - y0) / (y1 - y0 || 1)) * (PANEL.h - 44);
    const line = pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    const [ox, oy] = [(i % cols) * PANEL.w, Math.floor(i / cols) * PANEL.h];
    return `<g transform="translate(${ox},${oy})"><rect x="4" y="4" width="${PANEL.w - 8}" height="${PANEL.h - 8}" fill="#fff" stroke="#ccc"/>
<text x="${PANEL.pad}" y="18" font-size="12" font-family="sans-serif" font-weight="bold">${esc(k)}</text>
<text x="${PANEL.w - 10}" y="18" font-size="10" text-anchor="end" font-family="sans-serif" fill="#555">last ${fmt(ys[ys.length - 1]!)}</text>
<text x="6" y="${sy(y1) + 4}" font-size="9" font-family="sans-serif" fill="#555">${fmt(y1)}</text><text x="6" y="${sy(y0) + 4}" font-size="9" font-family="sans-serif" fill="#555">${fmt(y0)}</text>
<text x="${PANEL.pad}" y="${PANEL.h - 8}" font-size="9" font-family="sans-serif" fill="#555">${x0}</text><text x="${PANEL.w - 10}" y="${PANEL.h - 8}" font-size="9" text-anchor="end" font-family="sans-serif" fill="#555">iteration ${x1}</text>
<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${line}"/></g>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${cols * PANEL.w}" height="${rowsN * PANEL.h}"><rect width="100%" height="100%" fill="#f4f4f4"/>${panels.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
