// The GIF encoder on a thread of its own, for frame-sink's GIF sink: frames arrive as they are rendered and are
// encoded while the next ones render; the file's bytes go back when asked for. An error is kept for that answer.
import { parentPort, workerData } from 'node:worker_threads';
import { GifWriter } from '../image/gif-encoder.js';

export interface GifThreadData {
  width: number;
  height: number;
  fps: number;
}

export type GifThreadMessage = { frame: Uint8Array } | { finish: true };
export type GifThreadReply = { bytes: Uint8Array; frames: number } | { error: string };

const { width, height, fps } = workerData as GifThreadData;
const port = parentPort!;
const gif = new GifWriter(width, height, fps);
let failed: string | undefined;

port.on('message', (m: GifThreadMessage) => {
  if ('frame' in m) {
    if (failed === undefined) {
      try {
        gif.add({ width, height, data: m.frame });
      } catch (e) {
        failed = (e as Error).message;
      }
    }
    return;
  }
  if (failed !== undefined) return port.postMessage({ error: failed } satisfies GifThreadReply);
  const bytes = gif.finish();
  port.postMessage({ bytes, frames: gif.frames } satisfies GifThreadReply, [bytes.buffer as ArrayBuffer]);
});
