// Times the two stages of the tridiagonal reduction (src/metrics/band-reduction.ts) on a random symmetric 2048 × 2048
// matrix for each band half-width given, to choose BAND. Run after `npm ci` (which builds dist/):
//   node tools/metrics/band-timing.mjs 16,24,32,48
import { bandToTridiagonal, denseToBand } from '../../dist/src/metrics/band-reduction.js';

const n = 2048;
const a = new Float64Array(n * n);
let x = 1;
for (let i = 0; i < n * n; i++) {
  x = (x * 16807) % 2147483647;
  a[i] = x / 2147483647 - 0.5;
}
for (const b of (process.argv[2] ?? '16,24,32,48').split(',').map(Number)) {
  let t = performance.now();
  const band = await denseToBand(a, n, b);
  const toBand = (performance.now() - t) / 1e3;
  t = performance.now();
  bandToTridiagonal(band, n, b);
  const toTri = (performance.now() - t) / 1e3;
  console.log(
    `band ${b}: dense to band ${toBand.toFixed(2)} s, band to tridiagonal ${toTri.toFixed(2)} s, both ${(toBand + toTri).toFixed(2)} s`,
  );
}
