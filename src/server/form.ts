// The multipart form every photo endpoint reads: an "image" file, an optional second file and a "params" JSON
// field. A body the multipart parser cannot read is the client's mistake (400, 413 over a limit), never a 500.
import type { FastifyRequest } from 'fastify';
import { BadRequestError } from './params.js';

/** The most a "params" field may hold. */
export const PARAMS_LIMIT = 64 * 1024;

export interface Form {
  image: Uint8Array;
  like?: Uint8Array;
  params?: string;
}

/** The client left while its request was still arriving (counted, answered to nobody). */
export class UploadAbortedError extends BadRequestError {
  constructor() {
    super('the client closed the connection during the upload', 499);
  }
}

const FORM_HELP = 'send multipart/form-data with an "image" file field and a "params" JSON field';

/** The multipart fields `image` (file), an optional second photo (`like`, or `reference` for transfer) and `params`
 * (JSON text); a body the multipart parser cannot read is the client's mistake (400, 413 over a limit), never a 500. */
export async function readForm(
  req: FastifyRequest,
  second: 'like' | 'reference' | 'video' | null = 'like',
): Promise<Form> {
  if (!req.isMultipart()) throw new BadRequestError(FORM_HELP, 415);
  try {
    return await readParts(req, second);
  } catch (e) {
    if (e instanceof BadRequestError) throw e;
    const err = e as Error & { code?: string; statusCode?: number };
    if (req.raw.readableAborted || req.socket.destroyed || err.code === 'ECONNRESET') throw new UploadAbortedError();
    if (err.statusCode === 413)
      throw new BadRequestError(
        `${err.message.replace(/^reach/, 'the form reached the')}: send one "image" (and one "${second ?? 'image'}") file and one "params" field, each within the limits in GET /v1/models`,
        413,
      );
    throw new BadRequestError(`the multipart body could not be read (${err.message}); ${FORM_HELP}`, 400);
  }
}

async function readParts(req: FastifyRequest, second: 'like' | 'reference' | 'video' | null): Promise<Form> {
  const form: Partial<Form> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'image' && part.fieldname !== second) {
        part.file.resume();
        throw new BadRequestError(
          `unexpected file field "${part.fieldname}"; send the photo as "image"${second ? ` (and a photo to copy as "${second}")` : ''}`,
        );
      }
      form[part.fieldname === 'image' ? 'image' : 'like'] = await part.toBuffer();
    } else if (part.fieldname === 'params') {
      if (part.valueTruncated)
        throw new BadRequestError(
          `the params field is over ${PARAMS_LIMIT / 1024} kB; send only the parameters the endpoint takes`,
          413,
        );
      form.params = String(part.value);
    } else {
      throw new BadRequestError(`unexpected field "${part.fieldname}"; send "image" and "params"`);
    }
  }
  if (!form.image?.length) throw new BadRequestError('no image: send the photo as the multipart file field "image"');
  return form as Form;
}
