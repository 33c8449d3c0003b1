// The server's limits and their defaults, apart from the server itself so that the CLI can show them without loading
// it.

export interface ServeLimits {
  /** Bytes per uploaded file. */
  maxUploadBytes: number;
  /** Pixels per decoded image. */
  maxPixels: number;
  maxFrames: number;
  /** Jobs waiting beyond the running ones before requests are refused with 503. */
  maxQueue: number;
  jobTimeoutMs: number;
  /** A driving video's longest duration (s) and most frames (POST /v1/reenact). */
  maxVideoSeconds: number;
  maxVideoFrames: number;
  /** How long a finished reenactment's result stays to be downloaded (ms). */
  jobTtlMs: number;
}

export const DEFAULT_LIMITS: ServeLimits = {
  maxUploadBytes: 20 * 1024 * 1024,
  maxPixels: 24_000_000,
  maxFrames: 120,
  maxQueue: 16,
  jobTimeoutMs: 120_000,
  maxVideoSeconds: 60,
  maxVideoFrames: 1800,
  jobTtlMs: 15 * 60_000,
};
