// ganimate's web app: find the faces of a photo on the server, then edit the chosen face live with
// the generator running in the browser (onnxruntime-web, wasm); when that cannot load, each preview
// is rendered by the server instead. Whole-photo edits and animations always come from the server.
const $ = (id) => document.getElementById(id);
/** Facts the server's GET /v1/models gives (its request schema, limits, crop size and AU scale), read at start. */
let SIZE = 128;
let AU_MAX = 5;
const state = {
  photo: null,
  faces: [],
  face: 0,
  own: [],
  target: [],
  aus: [],
  emotions: {},
  session: null,
  ort: null,
  version: 0,
  running: false,
  again: false,
};

main().catch((e) => status(`Could not start: ${e.message}`, true));

async function main() {
  const info = await api('GET', '/v1/models');
  SIZE = info.cropSize;
  AU_MAX = info.auScale.max;
  state.request = info.request;
  for (const id of ['original', 'preview', 'attention']) [$(id).width, $(id).height] = [SIZE, SIZE];
  const frames = info.request.frames;
  Object.assign($('anim-frames'), { min: frames.min, max: frames.max, value: frames.default });
  state.aus = info.aus;
  state.emotions = info.emotions;
  state.own = state.aus.map(() => 0);
  state.target = state.aus.map(() => 0);
  buildSliders();
  buildPresets();
  wireInputs();
  $('transfer-label').hidden = !info.models.some((m) => m.name === 'transfer');
  if (info.models.some((m) => m.name === 'generator'))
    loadBrowserEngine(info.models.find((m) => m.name === 'generator').url);
}

/** onnxruntime-web with the server's generator; on any failure previews fall back to the server. */
async function loadBrowserEngine(url) {
  try {
    const ort = await import('/vendor/ort/ort.wasm.min.mjs');
    ort.env.wasm.wasmPaths = '/vendor/ort/';
    ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    state.session = await ort.InferenceSession.create(url, { executionProviders: ['wasm'] });
    state.ort = ort;
    $('engine').textContent = '(in your browser)';
  } catch (e) {
    console.warn('in-browser inference unavailable, using the server:', e);
    $('engine').textContent = '(on the server)';
  }
  if (state.faces.length) render();
}

function wireInputs() {
  const drop = $('drop');
  $('file').addEventListener('change', (e) => e.target.files[0] && loadPhoto(e.target.files[0]));
  drop.addEventListener('dragover', (e) => (e.preventDefault(), drop.classList.add('over')));
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files[0]) loadPhoto(e.dataTransfer.files[0]);
  });
  $('camera-start').addEventListener('click', startCamera);
  $('camera-shoot').addEventListener('click', shoot);
  $('reset').addEventListener('click', () => setTarget(state.own));
  $('like').addEventListener('change', (e) => e.target.files[0] && copyExpression(e.target.files[0]));
  $('apply').addEventListener('click', applyToPhoto);
  $('transfer').addEventListener('change', (e) => e.target.files[0] && transferFrom(e.target.files[0]));
  $('animate').addEventListener('click', makeAnimation);
  $('live').addEventListener('click', toggleLive);
}

/** The camera drives the chosen face (web/live.js), all in the browser; needs the in-browser engine. */
async function toggleLive() {
  if (state.stopLive) {
    state.stopLive();
    state.stopLive = null;
    $('live').textContent = 'drive it with the camera (live)';
    status('Live mode stopped.');
    return;
  }
  if (!state.session) return status('Live mode needs the generator in your browser, which could not load here.', true);
  try {
    const { startLive } = await import('./live.js');
    const estimator = (await api('GET', '/v1/models')).models.find((m) => m.name === 'estimator');
    if (!estimator) throw new Error('the server has no AU estimator to read the camera face with');
    state.stopLive = await startLive({
      ort: state.ort,
      generator: state.session,
      estimatorUrl: estimator.url,
      face: $('original'),
      size: SIZE,
      auMax: AU_MAX,
      own: state.own,
      onStatus: status,
      onFrame: ({ image, attention, target, fps, faceFound }) => {
        paint($('preview'), image, 3);
        if (attention) paint($('attention'), attention, 1);
        $('preview').dataset.version = String(++state.version);
        $('preview').dataset.target = target.map((v) => v.toFixed(2)).join(',');
        $('live-fps').textContent =
          `${fps.toFixed(1)} frames/s${faceFound ? '' : ' (no face in the camera: holding the last expression)'}`;
      },
    });
    $('live').textContent = 'stop live mode';
  } catch (e) {
    status(`Live mode could not start: ${e.message}`, true);
  }
}

async function loadPhoto(blob) {
  state.photo = blob;
  $('photo').src = URL.createObjectURL(blob);
  $('photo-wrap').hidden = false;
  $('result').hidden = true;
  status('Finding faces…');
  try {
    const r = await api('POST', '/v1/estimate', form(blob, { crops: true }));
    state.faces = r.faces;
    await $('photo').decode();
    drawBoxes();
    await selectFace(0);
    status(`${r.faces.length} face${r.faces.length > 1 ? 's' : ''} found; drag the sliders.`);
    $('editor').hidden = false;
  } catch (e) {
    status(e.message, true);
  }
}

function drawBoxes() {
  const img = $('photo');
  const sx = 100 / img.naturalWidth;
  const sy = 100 / img.naturalHeight;
  $('boxes').replaceChildren(
    ...state.faces.map((f, i) => {
      const d = document.createElement('div');
      d.className = `box${i === state.face ? ' selected' : ''}`;
      Object.assign(d.style, {
        left: `${f.box.x * sx}%`,
        top: `${f.box.y * sy}%`,
        width: `${f.box.width * sx}%`,
        height: `${f.box.height * sy}%`,
      });
      d.title = `face ${i + 1}`;
      d.addEventListener('click', () => selectFace(i));
      return d;
    }),
  );
}

async function selectFace(i) {
  state.face = i;
  drawBoxes();
  const face = state.faces[i];
  const img = new Image();
  img.src = face.crop;
  await img.decode();
  $('original').getContext('2d', { willReadFrequently: true }).drawImage(img, 0, 0, SIZE, SIZE);
  state.own = state.aus.map((a) => (face.aus ? face.aus[`AU${String(a.au).padStart(2, '0')}`] : 0));
  setTarget(state.own);
}

function buildSliders() {
  const groups = {};
  for (const [i, a] of state.aus.entries()) {
    if (!groups[a.region]) {
      const fs = document.createElement('fieldset');
      fs.innerHTML = `<legend>${a.region}</legend>`;
      groups[a.region] = fs;
      $('sliders').append(fs);
    }
    const label = document.createElement('label');
    label.innerHTML = `<span>AU${a.au} ${a.name}</span><output>0.00</output><input type="range" min="${0}" max="${AU_MAX}" step="0.05" value="0" data-au="${a.au}" aria-label="AU${a.au} ${a.name}">`;
    const input = label.querySelector('input');
    input.addEventListener('input', () => {
      state.target[i] = Number(input.value);
      label.querySelector('output').textContent = state.target[i].toFixed(2);
      render();
    });
    groups[a.region].append(label);
  }
}

function buildPresets() {
  const add = (name, aus) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = name;
    b.dataset.emotion = name;
    b.addEventListener('click', () => setTarget(state.aus.map((a) => aus[a.au] ?? 0)));
    $('presets').append(b);
  };
  add('neutral', {});
  for (const [name, aus] of Object.entries(state.emotions)) add(name, aus);
}

function setTarget(values) {
  state.target = [...values];
  for (const input of document.querySelectorAll('#sliders input')) {
    const i = state.aus.findIndex((a) => a.au === Number(input.dataset.au));
    input.value = String(state.target[i]);
    input.parentElement.querySelector('output').textContent = state.target[i].toFixed(2);
  }
  render();
}

/** Renders the preview for the current target; calls while one runs coalesce into one more. */
async function render() {
  if (!state.faces.length) return;
  if (state.running) return void (state.again = true);
  state.running = true;
  try {
    do {
      state.again = false;
      await (state.session ? renderInBrowser() : renderOnServer());
      $('preview').dataset.version = String(++state.version);
    } while (state.again);
  } catch (e) {
    status(e.message, true);
  } finally {
    state.running = false;
  }
}

async function renderInBrowser() {
  const { ort, session } = state;
  const pixels = $('original').getContext('2d', { willReadFrequently: true }).getImageData(0, 0, SIZE, SIZE).data;
  const n = SIZE * SIZE;
  const chw = new Float32Array(3 * n);
  for (let p = 0; p < n; p++) for (let c = 0; c < 3; c++) chw[c * n + p] = pixels[p * 4 + c] / 127.5 - 1;
  const aus = Float32Array.from(state.target, (v) => v / AU_MAX);
  const out = await session.run({
    image: new ort.Tensor('float32', chw, [1, 3, SIZE, SIZE]),
    aus: new ort.Tensor('float32', aus, [1, aus.length]),
  });
  paint($('preview'), out.composed.data, 3);
  paint($('attention'), out.attention.data, 1);
}

async function renderOnServer() {
  const crop = await new Promise((res) => $('original').toBlob(res, 'image/png'));
  const bytes = await api('POST', '/v1/edit', form(crop, { au: state.target, aligned: true, format: 'png' }), 'blob');
  const img = new Image();
  img.src = URL.createObjectURL(bytes);
  await img.decode();
  $('preview').getContext('2d').drawImage(img, 0, 0, SIZE, SIZE);
  $('attention-figure').hidden = true;
}

/** CHW float data in [-1, 1] (3 channels) or [0, 1] (1 channel) onto a canvas. */
function paint(canvas, data, channels) {
  const n = SIZE * SIZE;
  const img = new ImageData(SIZE, SIZE);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) img.data[p * 4 + c] = channels === 3 ? (data[c * n + p] + 1) * 127.5 : data[p] * 255;
    img.data[p * 4 + 3] = 255;
  }
  canvas.getContext('2d').putImageData(img, 0, 0);
}

async function copyExpression(blob) {
  status('Reading the expression of the other photo…');
  try {
    const r = await api('POST', '/v1/estimate', form(blob, {}));
    const aus = r.faces[0].aus;
    setTarget(state.aus.map((a) => aus[`AU${String(a.au).padStart(2, '0')}`]));
    status('Expression copied.');
  } catch (e) {
    status(e.message, true);
  }
}

async function applyToPhoto() {
  await fromServer('/v1/edit', { au: state.target, format: 'jpg' }, 'ganimate-edit.jpg', 'Editing the whole photo…');
}

/** GeoGAN on the server: the attribute of the reference photo's face onto the whole photo. */
async function transferFrom(reference) {
  const body = form(state.photo, { format: 'jpg' });
  body.append('reference', reference, 'reference');
  await showResult(() => api('POST', '/v1/transfer', body, 'blob'), 'ganimate-transfer.jpg', 'Transferring…');
}

async function makeAnimation() {
  const format = $('anim-format').value;
  await fromServer(
    '/v1/animate',
    { au: state.target, frames: Number($('anim-frames').value), fps: state.request.fps.default, format },
    `ganimate.${format}`,
    'Rendering the animation…',
  );
}

function fromServer(path, params, name, doing) {
  return showResult(() => api('POST', path, form(state.photo, params), 'blob'), name, doing);
}

async function showResult(fetchBlob, name, doing) {
  status(doing);
  for (const b of document.querySelectorAll('#actions button')) b.disabled = true;
  try {
    const url = URL.createObjectURL(await fetchBlob());
    $('result-img').src = url;
    $('download').href = url;
    $('download').download = name;
    $('download').textContent = `download ${name}`;
    $('result').hidden = false;
    status('Done.');
  } catch (e) {
    status(e.message, true);
  } finally {
    for (const b of document.querySelectorAll('#actions button')) b.disabled = false;
  }
}

async function startCamera() {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' } });
    $('video').srcObject = stream;
    $('camera').hidden = false;
  } catch (e) {
    status(`No camera: ${e.message}`, true);
  }
}

function shoot() {
  const v = $('video');
  const c = document.createElement('canvas');
  [c.width, c.height] = [v.videoWidth, v.videoHeight];
  c.getContext('2d').drawImage(v, 0, 0);
  v.srcObject.getTracks().forEach((t) => t.stop());
  $('camera').hidden = true;
  c.toBlob((b) => loadPhoto(b), 'image/jpeg', 0.92);
}

function form(blob, params) {
  const f = new FormData();
  f.append('image', blob, 'photo');
  f.append('params', JSON.stringify(params));
  return f;
}

async function api(method, path, body, as = 'json') {
  const r = await fetch(path, { method, body });
  if (!r.ok) {
    const e = await r.json().catch(() => ({ error: { message: `${r.status} ${r.statusText}` } }));
    throw new Error(e.error.message);
  }
  return as === 'blob' ? r.blob() : r.json();
}

function status(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}
