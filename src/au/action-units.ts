// The 17 Action Units in model order (SPEC §1) and parsing of user AU targets on the raw 0–5 scale.
import { GanimateError } from '../errors.js';

export class AuError extends GanimateError {}

/** Each AU with its FACS name and the face region it moves (how the web app groups its sliders). */
export const AUS = [
  { au: 1, name: 'inner brow raiser', region: 'brows' },
  { au: 2, name: 'outer brow raiser', region: 'brows' },
  { au: 4, name: 'brow lowerer', region: 'brows' },
  { au: 5, name: 'upper lid raiser', region: 'eyes' },
  { au: 6, name: 'cheek raiser', region: 'eyes' },
  { au: 7, name: 'lid tightener', region: 'eyes' },
  { au: 9, name: 'nose wrinkler', region: 'nose' },
  { au: 10, name: 'upper lip raiser', region: 'mouth' },
  { au: 12, name: 'lip corner puller', region: 'mouth' },
  { au: 14, name: 'dimpler', region: 'mouth' },
  { au: 15, name: 'lip corner depressor', region: 'mouth' },
  { au: 17, name: 'chin raiser', region: 'jaw' },
  { au: 20, name: 'lip stretcher', region: 'mouth' },
  { au: 23, name: 'lip tightener', region: 'mouth' },
  { au: 25, name: 'lips part', region: 'mouth' },
  { au: 26, name: 'jaw drop', region: 'jaw' },
  { au: 45, name: 'blink', region: 'eyes' },
] as const;

export const AU_COUNT = AUS.length;
export const RAW_MAX = 5;
/** OpenFace's column names: AU01_r … AU45_r. */
export const OPENFACE_COLUMNS = AUS.map(({ au }) => `AU${String(au).padStart(2, '0')}_r`);

/** Raw intensities, one per AU in model order. */
export type AuVector = Float32Array;

export function auIndex(au: number | string): number {
  const n = typeof au === 'number' ? au : Number(String(au).replace(/^AU/i, '').replace(/_r$/i, ''));
  const i = AUS.findIndex((a) => a.au === n);
  if (i < 0) throw new AuError(`unknown action unit "${au}"; use one of ${AUS.map((a) => a.au).join(', ')}`);
  return i;
}

/** A plain decimal number as people write one (3, 3.5, .5, -1): no hex, no exponent, not empty. */
export const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function checkRaw(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0 || value > RAW_MAX)
    throw new AuError(`${what} = ${value} is outside the raw AU scale 0–${RAW_MAX}`);
  return value;
}

/** "12=3.5,6=2" (raw scale) onto `base` (zeros when omitted). */
export function parseAuList(spec: string, base: AuVector = new Float32Array(AU_COUNT)): AuVector {
  const out = Float32Array.from(base);
  const parts = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!parts.length) throw new AuError('empty AU list; write it like 12=3.5,6=2 (AU=raw intensity 0–5)');
  for (const p of parts) {
    const m = /^(?:AU)?(\d+)(?:_r)?\s*=\s*(-?[\d.]+(?:e-?\d+)?)$/i.exec(p);
    if (!m) throw new AuError(`cannot read "${p}"; write AUs like 12=3.5,6=2 (AU=raw intensity 0–5)`);
    out[auIndex(Number(m[1]))] = checkRaw(Number(m[2]), `AU${m[1]}`);
  }
  return out;
}

/** Raw 0–5 → the networks' scale (raw / 5). */
export function normalise(raw: AuVector): Float32Array {
  return raw.map((v) => v / RAW_MAX);
}

export function describe(raw: AuVector, threshold = 0.5): string {
  const on = AUS.map((a, i) => [a.au, raw[i]!] as const).filter(([, v]) => v >= threshold);
  return on.length ? on.map(([au, v]) => `AU${au}=${v.toFixed(1)}`).join(' ') : 'neutral';
}
