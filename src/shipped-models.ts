// Where the models that ship with ganimate live (models/ at the package root), for every layer.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(PACKAGE_ROOT, 'models');
export const SHIPPED = { dir, generator: join(dir, 'ganimation-generator.onnx'), estimator: join(dir, 'au-estimator.onnx'), transfer: join(dir, 'geogan-smile.onnx') };
