// Where the models that ship with ganimate live (models/ at the package root), for every layer; the
// critic the shipped generator was trained against is there too, so training can go on with it.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(PACKAGE_ROOT, 'models');
export const SHIPPED = {
  dir,
  generator: join(dir, 'ganimation-generator.onnx'),
  estimator: join(dir, 'au-estimator.onnx'),
  hogReader: join(dir, 'au-hog-reader.json'),
  transfer: join(dir, 'geogan-smile.onnx'),
  critic: join(dir, 'ganimation-critic.safetensors'),
};
