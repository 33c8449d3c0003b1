// The JSON `params` field of the HTTP API, checked key by key: anything unknown, missing or out of
// range is a BadRequestError that names the key and says what it takes.
import { AU_COUNT, AUS, type AuVector, auIndex, checkRaw } from '../au/action-units.js';
import { parseEmotion } from '../au/emotions.js';
import { GanimateError } from '../errors.js';

/** A request the client got wrong (answered 400 unless a subclass says otherwise). */
export class BadRequestError extends GanimateError {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export type ImageFormat = 'jpg' | 'png' | 'webp';
export type AnimationFileFormat = 'gif' | 'webp' | 'mp4';

export interface EditParams {
  /** Raw AU target; undefined when it comes from the `like` photo. */
  target?: number[];
  aligned: boolean;
  format: ImageFormat;
}

export interface AnimateParams {
  target?: number[];
  aligned: boolean;
  frames: number;
  fps: number;
  format: AnimationFileFormat;
}

export interface EstimateParams {
  aligned: boolean;
  /** Also return each face's aligned crop (PNG, base64) and its alignment, for in-browser editing. */
  crops: boolean;
}

export interface TransferParams {
  format: ImageFormat;
}

export interface ReenactParams {
  mode: 'relative' | 'absolute';
  format: AnimationFileFormat;
  neutralFrame: number;
  /** Index among the driver's faces, largest first; undefined = the largest. */
  driverFace?: number;
  /** false: every frame's reading as it is. */
  smoothing: boolean;
  minCutoff?: number;
  beta?: number;
}

export interface Limits {
  maxFrames: number;
}

const TARGET_KEYS = ['au', 'emotion'];

export function parseEditParams(raw: string | undefined, hasLike: boolean): EditParams {
  const o = parseObject(raw, [...TARGET_KEYS, 'aligned', 'format']);
  return {
    target: target(o, hasLike),
    aligned: bool(o, 'aligned'),
    format: oneOf(o, 'format', ['jpg', 'png', 'webp'], 'jpg'),
  };
}

export function parseAnimateParams(raw: string | undefined, hasLike: boolean, limits: Limits): AnimateParams {
  const o = parseObject(raw, [...TARGET_KEYS, 'aligned', 'frames', 'fps', 'format']);
  return {
    target: target(o, hasLike),
    aligned: bool(o, 'aligned'),
    frames: int(o, 'frames', 2, limits.maxFrames, 24),
    fps: num(o, 'fps', 0.1, 60, 12),
    format: oneOf(o, 'format', ['gif', 'webp', 'mp4'], 'gif'),
  };
}

export function parseReenactParams(raw: string | undefined): ReenactParams {
  const o = parseObject(raw, ['mode', 'format', 'neutralFrame', 'driverFace', 'smoothing', 'minCutoff', 'beta']);
  return {
    mode: oneOf(o, 'mode', ['relative', 'absolute'], 'relative'),
    format: oneOf(o, 'format', ['mp4', 'gif', 'webp'], 'mp4'),
    neutralFrame: int(o, 'neutralFrame', 0, 1e6, 0),
    driverFace: o.driverFace === undefined ? undefined : int(o, 'driverFace', 0, 100, 0),
    smoothing: o.smoothing === undefined ? true : bool(o, 'smoothing'),
    minCutoff: o.minCutoff === undefined ? undefined : num(o, 'minCutoff', 0.01, 100, 1),
    beta: o.beta === undefined ? undefined : num(o, 'beta', 0, 1000, 0),
  };
}

export function parseTransferParams(raw: string | undefined): TransferParams {
  const o = parseObject(raw, ['format']);
  return { format: oneOf(o, 'format', ['jpg', 'png', 'webp'], 'jpg') };
}

export function parseEstimateParams(raw: string | undefined): EstimateParams {
  const o = parseObject(raw, ['aligned', 'crops']);
  return { aligned: bool(o, 'aligned'), crops: bool(o, 'crops') };
}

function parseObject(raw: string | undefined, allowed: string[]): Record<string, unknown> {
  if (raw === undefined || raw.trim() === '') return {};
  let o: unknown;
  try {
    o = JSON.parse(raw);
  } catch {
    throw new BadRequestError('the params field is not valid JSON; send e.g. {"emotion":"happy"} or {"au":{"12":3.5}}');
  }
  if (!o || typeof o !== 'object' || Array.isArray(o))
    throw new BadRequestError('params must be a JSON object, e.g. {"emotion":"happy"}');
  for (const k of Object.keys(o))
    if (!allowed.includes(k))
      throw new BadRequestError(`unknown parameter "${k}"; this endpoint takes ${allowed.join(', ')}`);
  return o as Record<string, unknown>;
}

/** emotion gives a base, au sets single AUs on top (as `ganimate edit --emotion --au`); or the `like` photo. */
function target(o: Record<string, unknown>, hasLike: boolean): number[] | undefined {
  const given = o.au !== undefined || o.emotion !== undefined;
  if (hasLike && given) throw new BadRequestError('send either a "like" photo or au/emotion parameters, not both');
  if (hasLike) return undefined;
  if (!given)
    throw new BadRequestError(
      'say what expression to make: params {"emotion":"happy"}, {"au":{"12":3.5}} or a "like" photo',
    );
  if (o.emotion !== undefined && typeof o.emotion !== 'string')
    throw new BadRequestError('"emotion" must be a string such as "happy" or "happy:0.6+surprise:0.3"');
  const base: AuVector = o.emotion !== undefined ? parseEmotion(o.emotion as string) : new Float32Array(AU_COUNT);
  if (o.au === undefined) return [...base];
  if (Array.isArray(o.au)) {
    if (o.au.length !== AU_COUNT)
      throw new BadRequestError(
        `"au" as a list needs all ${AU_COUNT} intensities in the order ${AUS.map((a) => a.au).join(', ')}; got ${o.au.length}`,
      );
    return o.au.map((v, i) => checkRaw(finite(v, `au[${i}]`), `AU${AUS[i]!.au}`));
  }
  if (!o.au || typeof o.au !== 'object')
    throw new BadRequestError('"au" must be an object like {"12":3.5,"6":2} or a list of 17 intensities');
  const out = Float32Array.from(base);
  for (const [k, v] of Object.entries(o.au)) out[auIndex(k)] = checkRaw(finite(v, `au.${k}`), `AU${k}`);
  return [...out];
}

function finite(v: unknown, key: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new BadRequestError(`${key} must be a number (raw AU scale 0–5), got ${JSON.stringify(v)}`);
  return v;
}

function bool(o: Record<string, unknown>, key: string): boolean {
  if (o[key] === undefined) return false;
  if (typeof o[key] !== 'boolean') throw new BadRequestError(`"${key}" must be true or false`);
  return o[key] as boolean;
}

function num(o: Record<string, unknown>, key: string, min: number, max: number, fallback: number): number {
  if (o[key] === undefined) return fallback;
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    throw new BadRequestError(`"${key}" must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return v;
}

function int(o: Record<string, unknown>, key: string, min: number, max: number, fallback: number): number {
  const v = num(o, key, min, max, fallback);
  if (!Number.isInteger(v))
    throw new BadRequestError(`"${key}" must be a whole number from ${min} to ${max}, got ${v}`);
  return v;
}

function oneOf<T extends string>(o: Record<string, unknown>, key: string, values: T[], fallback: T): T {
  if (o[key] === undefined) return fallback;
  if (!values.includes(o[key] as T))
    throw new BadRequestError(`"${key}" must be one of ${values.join(', ')}, got ${JSON.stringify(o[key])}`);
  return o[key] as T;
}
