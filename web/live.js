// Live mode: the camera drives the chosen face of the photo, entirely in the browser. face-api (TensorFlow.js,
// wasm) finds the camera's face and its 68 landmarks; ganimate's own alignment crops it as the models were
// trained; the AU estimator (onnxruntime-web) reads its 17 AUs, One-Euro-smoothed; the generator renders the
// photo's face with its own AUs plus the camera's change from the first frame. A moment without a face holds
// the last expression.
import { alignmentFor, cropAligned } from '/lib/face/align.js';
import { OneEuroFilter } from '/lib/infer/one-euro.js';

/** As the CLI's default (src/infer/reenact.ts, AU_SMOOTHING). */
const SMOOTHING = { minCutoff: 0.2, beta: 0.2, dCutoff: 1 };

let faceapi;

async function loadFaceApi() {
  if (faceapi) return faceapi;
  const api = await import('/vendor/face-api/face-api.esm.js');
  try {
    api.tf.setWasmPaths('/vendor/tfjs-wasm/');
    await api.tf.setBackend('wasm');
  } catch {
    await api.tf.setBackend('cpu');
  }
  await api.tf.ready();
  await api.nets.tinyFaceDetector.loadFromUri('/vendor/face-api/model/');
  await api.nets.faceLandmark68Net.loadFromUri('/vendor/face-api/model/');
  return (faceapi = api);
}

/** Starts the camera loop; returns a stop function. `ctx`: ort, generator (session), estimatorUrl, face (canvas of
 * the photo's aligned face), size (its side) and auMax (the raw AU scale's top, both from GET /v1/models), own (its raw AUs), onFrame({ image, attention, target, fps }) after each rendered frame,
 * onStatus(text). */
export async function startLive(ctx) {
  const { size: SIZE, auMax } = ctx;
  ctx.onStatus('Starting the camera…');
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480, facingMode: 'user' } });
  const video = document.createElement('video');
  Object.assign(video, { srcObject: stream, muted: true, playsInline: true });
  await video.play();
  ctx.onStatus('Loading the face tracker…');
  const [api, estimator] = await Promise.all([
    loadFaceApi(),
    ctx.ort.InferenceSession.create(ctx.estimatorUrl, { executionProviders: ['wasm'] }),
  ]);
  const canvas = document.createElement('canvas');
  [canvas.width, canvas.height] = [video.videoWidth, video.videoHeight];
  const g = canvas.getContext('2d', { willReadFrequently: true });
  const photoFace = toChw(
    ctx.face.getContext('2d', { willReadFrequently: true }).getImageData(0, 0, SIZE, SIZE).data,
    4,
  );
  const filter = new OneEuroFilter(SMOOTHING);
  let rest;
  let target = [...ctx.own];
  let stopped = false;
  let last = performance.now();
  let fps = 0;
  ctx.onStatus('Live: make faces at the camera.');

  const step = async () => {
    g.drawImage(video, 0, 0, canvas.width, canvas.height);
    const found = await api
      .detectSingleFace(canvas, new api.TinyFaceDetectorOptions({ inputSize: 224, scoreThreshold: 0.4 }))
      .withFaceLandmarks();
    if (found) {
      const landmarks = found.landmarks.positions.map((p) => [p.x, p.y]);
      const rgba = g.getImageData(0, 0, canvas.width, canvas.height).data;
      const rgb = new Uint8Array((rgba.length / 4) * 3);
      for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3)
        [rgb[j], rgb[j + 1], rgb[j + 2]] = [rgba[i], rgba[i + 1], rgba[i + 2]];
      const crop = cropAligned(
        { width: canvas.width, height: canvas.height, data: rgb },
        alignmentFor(landmarks, SIZE),
        SIZE,
      );
      const out = await estimator.run({
        image: new ctx.ort.Tensor('float32', toChw(crop.data, 3), [1, 3, SIZE, SIZE]),
      });
      const now = performance.now();
      const aus = filter.filter(
        Array.from(out.aus.data, (v) => Math.min(auMax, Math.max(0, v * auMax))),
        Math.max(1e-3, (now - last) / 1000),
      );
      rest ??= aus;
      target = ctx.own.map((v, i) => Math.min(5, Math.max(0, v + aus[i] - rest[i])));
    }
    const r = await ctx.generator.run({
      image: new ctx.ort.Tensor('float32', photoFace, [1, 3, SIZE, SIZE]),
      aus: new ctx.ort.Tensor(
        'float32',
        Float32Array.from(target, (v) => v / auMax),
        [1, target.length],
      ),
    });
    const now = performance.now();
    fps = 0.8 * fps + 0.2 * (1000 / Math.max(1, now - last));
    last = now;
    ctx.onFrame({ image: r.composed.data, attention: r.attention?.data, target, fps, faceFound: Boolean(found) });
  };

  (async () => {
    while (!stopped) {
      try {
        await step();
      } catch (e) {
        ctx.onStatus(`Live mode stopped: ${e.message}`, true);
        break;
      }
      await new Promise((res) => requestAnimationFrame(res));
    }
    stream.getTracks().forEach((t) => t.stop());
  })();
  return () => void (stopped = true);
}

/** RGB(A) bytes to CHW floats in [-1, 1]. */
function toChw(bytes, stride) {
  const n = Math.floor(bytes.length / stride);
  const chw = new Float32Array(3 * n);
  for (let p = 0; p < n; p++) for (let c = 0; c < 3; c++) chw[c * n + p] = bytes[p * stride + c] / 127.5 - 1;
  return chw;
}
