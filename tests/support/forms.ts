// Multipart forms and error bodies for tests of the HTTP API.
import assert from 'node:assert/strict';

/** A multipart form: the photo as `image`, `params` as JSON (or as given), and more images by name. */
export function form(
  image: Uint8Array | undefined,
  params?: unknown,
  extra: Record<string, Uint8Array> = {},
): FormData {
  const f = new FormData();
  if (image) f.append('image', new Blob([new Uint8Array(image)]), 'photo.png');
  if (params !== undefined) f.append('params', typeof params === 'string' ? params : JSON.stringify(params));
  for (const [k, v] of Object.entries(extra)) f.append(k, new Blob([new Uint8Array(v)]), `${k}.png`);
  return f;
}

/** The error body of a 4xx or 5xx answer, checked: its status is the answer's, and it holds no stack trace. */
export async function errorOf(r: Response): Promise<{ status: number; type: string; message: string }> {
  const body = (await r.json()) as { error: { status: number; type: string; message: string } };
  assert.equal(body.error.status, r.status);
  assert.doesNotMatch(JSON.stringify(body), /\bat .+\.js:\d+/, 'no stack trace in a response');
  return body.error;
}
