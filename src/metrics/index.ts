// GAN evaluation metrics, each in three stages as in torch-fidelity: features → statistics → number.
export { FeatureStats, featureStats, type FeatureRows, type GaussianStats } from './feature-stats.js';
export {
  fidFromFeatures,
  frechetDistance,
  frechetDistanceDetailed,
  traceSqrtProduct,
  type FrechetOptions,
  type FrechetResult,
} from './fid.js';
export {
  kernelInceptionDistance,
  mmd2,
  polynomialKernel,
  type KidOptions,
  type KidResult,
  type MmdEstimator,
  type PolynomialKernelOptions,
} from './kid.js';
export {
  ClassProbabilityStats,
  inceptionScore,
  modifiedInceptionScore,
  modifiedInceptionScoreGlobal,
  type InceptionScoreResult,
  type ModifiedInceptionScoreResult,
} from './inception-score.js';
export { laplacianPyramid, pyramidDown, pyramidUp, type ImageBatch, type PyramidLevel } from './laplacian-pyramid.js';
export {
  defaultPyramidLevels,
  extractDescriptors,
  normalizeDescriptors,
  PyramidDescriptors,
  randomDirections,
  slicedWasserstein,
  swd,
  type Descriptors,
  type PyramidDescriptorOptions,
  type SwdResult,
} from './swd.js';
export {
  msSsimProgan,
  structuralSimilarity,
  structuralSimilarityFull,
  type MsSsimOptions,
  type SsimImage,
  type SsimOptions,
  type SsimResult,
} from './ssim.js';
export { gemm, type Transposes } from './gemm.js';
export { cholesky, pivotedCholesky, symmetricEigenvalues, trace, type PivotedCholesky } from './linalg.js';
export { gaussian, seededRandom, type Random } from './prng.js';
