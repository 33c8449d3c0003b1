// The JSON `params` field of the HTTP API, checked key by key: anything unknown, missing or out of
// range is a BadRequestError that names the key and says what it takes.
import { GanimateError } from '../errors.js';
import { readBool, readChoice, readNumber, readTarget } from '../infer/request.js';

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
    aligned: readBool('aligned', o.aligned),
    format: readChoice('imageFormat', o.format, 'format'),
  };
}

export function parseAnimateParams(raw: string | undefined, hasLike: boolean, limits: Limits): AnimateParams {
  const o = parseObject(raw, [...TARGET_KEYS, 'aligned', 'frames', 'fps', 'format']);
  return {
    target: target(o, hasLike),
    aligned: readBool('aligned', o.aligned),
    frames: readNumber('frames', o.frames, { max: limits.maxFrames })!,
    fps: readNumber('fps', o.fps)!,
    format: readChoice('animationFormat', o.format, 'format'),
  };
}

export function parseReenactParams(raw: string | undefined): ReenactParams {
  const o = parseObject(raw, ['mode', 'format', 'neutralFrame', 'driverFace', 'smoothing', 'minCutoff', 'beta']);
  return {
    mode: readChoice('mode', o.mode),
    format: readChoice('reenactFormat', o.format, 'format'),
    neutralFrame: readNumber('neutralFrame', o.neutralFrame)!,
    driverFace: readNumber('driverFace', o.driverFace),
    smoothing: readBool('smoothing', o.smoothing),
    minCutoff: readNumber('minCutoff', o.minCutoff),
    beta: readNumber('beta', o.beta),
  };
}

export function parseTransferParams(raw: string | undefined): TransferParams {
  const o = parseObject(raw, ['format']);
  return { format: readChoice('imageFormat', o.format, 'format') };
}

export function parseEstimateParams(raw: string | undefined): EstimateParams {
  const o = parseObject(raw, ['aligned', 'crops']);
  return { aligned: readBool('aligned', o.aligned), crops: readBool('crops', o.crops) };
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

/** The request's expression (request.ts readTarget), or the `like` photo's (undefined), never both. */
function target(o: Record<string, unknown>, hasLike: boolean): number[] | undefined {
  const given = o.au !== undefined || o.emotion !== undefined;
  if (hasLike && given) throw new BadRequestError('send either a "like" photo or au/emotion parameters, not both');
  if (hasLike) return undefined;
  const t = readTarget(o);
  if (!t)
    throw new BadRequestError(
      'say what expression to make: params {"emotion":"happy"}, {"au":{"12":3.5}} or a "like" photo',
    );
  return [...t];
}
