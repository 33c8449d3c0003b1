// How the command line words a typed error, in one place: request fields spelled as flags (--neutral-frame), and a
// missing model answered with the flag that gives one. Every user error exits 2.
import type { GanimateError } from '../errors.js';
import { FieldError, ModelMissingError } from '../infer/request.js';

/** The schema's field name as a flag: neutralFrame → --neutral-frame. */
export const flagOf = (field: string): string => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function cliMessage(e: GanimateError): string {
  if (e instanceof FieldError) return e.spelled(flagOf);
  if (e instanceof ModelMissingError)
    return `${e.message}: pass ${e.kind === 'generator' ? '--model <generator.onnx>' : '--estimator <au-estimator.onnx>'}`;
  return e.message;
}

/** The exit code of a user error. */
export const USER_ERROR_EXIT = 2;
