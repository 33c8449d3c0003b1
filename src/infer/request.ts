// One request schema for editing, animating, estimating, transferring and reenacting: the fields, their defaults
// and limits in one table, and the reading of each value and of an expression target. The CLI reads flags through
// it and the server its JSON params, and GET /v1/models serves the table to the web page, so a default or a limit
// changes in one place. A wrong value is a RequestError naming the field; the CLI spells it --frames and the server
// "frames" (RequestError.spelled).
import { AU_COUNT, AUS, type AuVector, auIndex, checkRaw, parseAuList } from '../au/action-units.js';
import { parseEmotion } from '../au/emotions.js';
import { InvalidOptionError } from '../errors.js';

export type FieldSpec =
  | { kind: 'int' | 'number'; min: number; max: number; default?: number; help: string }
  | { kind: 'enum'; values: readonly string[]; default: string; help: string }
  | { kind: 'bool'; default: boolean; help: string };

/** Every field a request may carry, with its default and limits. */
export const REQUEST_FIELDS = {
  frames: { kind: 'int', min: 2, max: 600, default: 24, help: 'number of frames of an animation' },
  fps: { kind: 'number', min: 0.1, max: 60, default: 12, help: 'frames per second of an animation' },
  imageFormat: { kind: 'enum', values: ['jpg', 'png', 'webp'], default: 'jpg', help: 'format of an edited photo' },
  animationFormat: {
    kind: 'enum',
    values: ['gif', 'webp', 'mp4'],
    default: 'gif',
    help: 'format of an animation',
  },
  reenactFormat: { kind: 'enum', values: ['mp4', 'gif', 'webp'], default: 'mp4', help: 'format of a reenactment' },
  aligned: { kind: 'bool', default: false, help: 'the photo is already an aligned 128 × 128 face crop' },
  crops: { kind: 'bool', default: false, help: "also return each face's aligned crop and its alignment" },
  mode: {
    kind: 'enum',
    values: ['relative', 'absolute'],
    default: 'relative',
    help: "reenactment: the driver's change from its neutral frame added to the photo's own expression, or its expression as it is",
  },
  neutralFrame: { kind: 'int', min: 0, max: 1e6, default: 0, help: "reenactment: the driver's neutral frame" },
  driverFace: {
    kind: 'int',
    min: 0,
    max: 100,
    help: "reenactment: the driver's face, largest first (default the largest)",
  },
  smoothing: { kind: 'bool', default: true, help: "reenactment: smooth the driver's readings over time" },
  minCutoff: {
    kind: 'number',
    min: 0.01,
    max: 100,
    default: 0.2,
    help: 'reenactment, AU smoothing (One-Euro): cutoff at rest, Hz; lower = steadier',
  },
  beta: {
    kind: 'number',
    min: 0,
    max: 1000,
    default: 0.2,
    help: "reenactment, AU smoothing (One-Euro): how fast the cutoff rises with the AUs' speed; higher = less lag",
  },
} as const satisfies Record<string, FieldSpec>;

export type RequestField = keyof typeof REQUEST_FIELDS;

/** A request that one of its fields makes wrong. The message is written with the field's schema name; the CLI
 * (its error-wording.ts) and the server (its error-reply.ts) spell the field their way: --neutral-frame,
 * "neutralFrame". */
export class FieldError extends InvalidOptionError {
  constructor(
    /** The field, as the schema (and the HTTP API) names it. */
    readonly field: string,
    private readonly say: (field: string) => string,
  ) {
    super(say(field));
  }

  /** The message with the field spelled as the caller's users write it. */
  spelled(spell: (field: string) => string): string {
    return this.say(spell(this.field));
  }
}

/** A request value out of its field's range or of the wrong kind. */
export class RequestError extends FieldError {
  constructor(field: string, takes: string, got: unknown) {
    super(field, (f) => `${f} must be ${takes}, got ${JSON.stringify(got)}`);
  }
}

/** A request that needs a model the caller was not given (`kind`: which). */
export class ModelMissingError extends InvalidOptionError {
  constructor(
    readonly kind: 'generator' | 'estimator',
    doing: string,
  ) {
    super(`${doing} needs ${kind === 'generator' ? 'a generator' : 'an AU estimator'} model`);
  }
}

/** A number field's value from a flag's text or a JSON number (undefined: its default); a limit may lower its max,
 * and `as` is the name the caller gives the field where it is not the schema's (errors name it so). */
export function readNumber(
  field: RequestField,
  raw: unknown,
  limit: { max?: number; as?: string } = {},
): number | undefined {
  const spec = specOf(field, 'int', 'number') as Extract<FieldSpec, { min: number }>;
  if (raw === undefined) return spec.default;
  const max = Math.min(spec.max, limit.max ?? Infinity);
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  const whole = spec.kind === 'int';
  if (!Number.isFinite(n) || n < spec.min || n > max || (whole && !Number.isInteger(n)))
    throw new RequestError(
      limit.as ?? field,
      `${whole ? 'a whole number' : 'a number'} from ${spec.min} to ${max}`,
      raw,
    );
  return n;
}

/** A choice field's value (undefined: its default); `as`: the name the caller gives the field (errors name it so). */
export function readChoice<T extends string>(field: RequestField, raw: unknown, as: string = field): T {
  const spec = specOf(field, 'enum') as Extract<FieldSpec, { kind: 'enum' }>;
  if (raw === undefined) return spec.default as T;
  if (typeof raw === 'string' && spec.values.includes(raw)) return raw as T;
  throw new RequestError(as, `one of ${spec.values.join(', ')}`, raw);
}

/** A switch's value: true, false, or (flag text) "true"/"false" (undefined: its default). */
export function readBool(field: RequestField, raw: unknown, as: string = field): boolean {
  const spec = specOf(field, 'bool') as Extract<FieldSpec, { kind: 'bool' }>;
  if (raw === undefined) return spec.default;
  if (raw === true || raw === false) return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new RequestError(as, 'true or false', raw);
}

function specOf(field: RequestField, ...kinds: FieldSpec['kind'][]): FieldSpec {
  const spec = REQUEST_FIELDS[field] as FieldSpec;
  if (!kinds.includes(spec.kind)) throw new Error(`request field ${field} is ${spec.kind}, not ${kinds.join(' or ')}`);
  return spec;
}

/** The schema as GET /v1/models serves it: each field's kind, default and limits (`maxFrames` lowers frames'). */
export function requestSchema(limits: { maxFrames?: number } = {}): Record<string, FieldSpec> {
  const out: Record<string, FieldSpec> = { ...REQUEST_FIELDS };
  if (limits.maxFrames !== undefined)
    out.frames = { ...REQUEST_FIELDS.frames, max: Math.min(REQUEST_FIELDS.frames.max, limits.maxFrames) };
  return out;
}

/** An expression target: an emotion ("happy", "happy:0.6+surprise:0.3") gives a base, single AUs set on top — as text
 * "12=3.5,6=2" (the CLI), an object {"12": 3.5} or a list of all 17 (JSON). Undefined when neither is given. */
export function readTarget(t: { emotion?: unknown; au?: unknown }): AuVector | undefined {
  if (t.emotion === undefined && t.au === undefined) return undefined;
  if (t.emotion !== undefined && typeof t.emotion !== 'string')
    throw new RequestError('emotion', 'a string such as "happy" or "happy:0.6+surprise:0.3"', t.emotion);
  const base = t.emotion !== undefined ? parseEmotion(t.emotion as string) : new Float32Array(AU_COUNT);
  const au = t.au;
  if (au === undefined) return base;
  if (typeof au === 'string') return parseAuList(au, base);
  if (Array.isArray(au)) {
    if (au.length !== AU_COUNT)
      throw new RequestError(
        'au',
        `all ${AU_COUNT} intensities in the order ${AUS.map((a) => a.au).join(', ')} when a list`,
        `${au.length} values`,
      );
    return Float32Array.from(au, (v, i) => checkRaw(intensity(v, `au[${i}]`), `AU${AUS[i]!.au}`));
  }
  if (!au || typeof au !== 'object')
    throw new RequestError('au', 'an object like {"12":3.5,"6":2} or a list of 17 intensities', au);
  const out = Float32Array.from(base);
  for (const [k, v] of Object.entries(au)) out[auIndex(k)] = checkRaw(intensity(v, `au.${k}`), `AU${k}`);
  return out;
}

function intensity(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RequestError(field, 'a number (raw AU scale 0–5)', v);
  return v;
}
