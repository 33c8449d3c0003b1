// How an error is answered over HTTP: its status, whether it is the server's own (answered without details), its
// type name and the one documented JSON shape {"error":{status,type,message}}.
import { GanimateError } from '../errors.js';
import { RequestError } from '../infer/request.js';
import { BadRequestError } from './params.js';
import { InternalJobError } from './worker-pool.js';

export const errorBody = (status: number, type: string, message: string) => ({ error: { status, type, message } });

/** The HTTP status of an error, whether it is the server's (answered without details), and the message to send. */
export function classify(err: Error & { statusCode?: number }): { status: number; internal: boolean; message: string } {
  const status =
    err instanceof BadRequestError
      ? err.status
      : err instanceof GanimateError
        ? 400
        : err instanceof InternalJobError
          ? 500
          : err.statusCode && err.statusCode < 500
            ? err.statusCode
            : 500;
  // typed errors (4xx, 501 not configured, 503 busy) keep their message; anything else is internal
  const internal = status >= 500 && !(err instanceof BadRequestError);
  // a request field is named as the client sent it: "frames"
  const message = internal
    ? 'internal error; the server log has the details'
    : err instanceof RequestError
      ? err.spelled((f) => `"${f}"`)
      : err.message;
  return { status, internal, message };
}

export function errorType(err: Error, status: number): string {
  if (status >= 500 && !(err instanceof BadRequestError)) return 'InternalError';
  if (err instanceof GanimateError)
    return err.name === 'BadRequestError' || err instanceof RequestError ? 'BadRequest' : err.name;
  return (err as { code?: string }).code ?? err.name;
}
