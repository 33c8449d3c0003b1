// How an error is answered over HTTP: its status, whether it is the server's own (answered without details), its
// type name and the one documented JSON shape {"error":{status,type,message}}.
import { GanimateError } from '../errors.js';
import { FieldError, ModelMissingError, RequestError } from '../infer/request.js';
import { BadRequestError } from './params.js';
import { NoFaceError } from '../face/detector.js';
import { ImageError, ImageTooLargeError } from '../image/image-io.js';

export const errorBody = (status: number, type: string, message: string) => ({ error: { status, type, message } });

/** A job that failed for the server's own reasons (answered 500 without details). */
export class InternalJobError extends Error {}

/** The HTTP status of an error: the one place it is decided (inference workers send theirs from here too). */
function statusOf(err: Error & { statusCode?: number }): number {
  if (err instanceof BadRequestError) return err.status;
  if (err instanceof ImageTooLargeError) return 413;
  if (err instanceof ImageError) return 415;
  if (err instanceof NoFaceError) return 422;
  if (err instanceof ModelMissingError) return 501;
  if (err instanceof GanimateError) return 400;
  if (err instanceof InternalJobError) return 500;
  return err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
}

/** The HTTP status of an error, whether it is the server's (answered without details), and the message to send. */
export function classify(err: Error & { statusCode?: number }): { status: number; internal: boolean; message: string } {
  const status = statusOf(err);
  // typed errors (4xx, 501 not configured, 503 busy) keep their message; anything else is internal
  const internal = status >= 500 && !(err instanceof GanimateError);
  // a request field is named as the client sent it: "frames"
  const message = internal
    ? 'internal error; the server log has the details'
    : err instanceof FieldError
      ? err.spelled((f) => `"${f}"`)
      : err instanceof ModelMissingError
        ? `${err.message}, which this server was started without (ganimate serve --${err.kind === 'generator' ? 'model' : 'estimator'} …)`
        : err.message;
  return { status, internal, message };
}

export function errorType(err: Error, status: number): string {
  if (status >= 500 && !(err instanceof GanimateError)) return 'InternalError';
  if (err instanceof GanimateError)
    return err.name === 'BadRequestError' || err instanceof RequestError ? 'BadRequest' : err.name;
  return (err as { code?: string }).code ?? err.name;
}
