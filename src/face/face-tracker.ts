// Follows one face through the frames of a video: detected once, then followed with the landmark net on a box
// drawn around the previous frame's landmarks (the way face-api boxes a detection), and detected again when the
// landmarks jump or shrink implausibly, every `redetectEvery` frames, or after the face was lost.
import type { DetectedFace, FaceDetector, Point } from './detector.js';

type Box = DetectedFace['box'];

export interface TrackerOptions {
  /** Which face to follow when first found: 'largest' or an index among the faces, largest first. */
  pick?: 'largest' | number;
  /** Detect again after this many followed frames (drift), default 30. */
  redetectEvery?: number;
}

export interface TrackStep {
  landmarks?: Point[];
  /** Whether this frame was detected rather than followed. */
  detected: boolean;
}

/** The box the detector drew relative to the landmarks' bounding box: offsets and sizes in units of its
 * width/height. */
interface BoxFit {
  dx: number;
  dy: number;
  sw: number;
  sh: number;
}

export function landmarkBounds(l: readonly Point[]): Box {
  const xs = l.map((p) => p[0]);
  const ys = l.map((p) => p[1]);
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
  return { x: x0, y: y0, width: Math.max(...xs) - x0, height: Math.max(...ys) - y0 };
}

const centre = (b: Box): Point => [b.x + b.width / 2, b.y + b.height / 2];
const size = (b: Box) => Math.sqrt(b.width * b.height);

export class FaceTracker {
  private last?: Point[];
  private fit: BoxFit = { dx: -0.12, dy: -0.25, sw: 1.24, sh: 1.3 };
  private followed = 0;
  private found = false;

  constructor(
    private readonly detector: FaceDetector,
    private readonly o: TrackerOptions = {},
  ) {}

  async next(frame: { width: number; height: number; data: Uint8Array }): Promise<TrackStep> {
    if (this.last && this.followed < (this.o.redetectEvery ?? 30)) {
      const prev = landmarkBounds(this.last);
      const box = {
        x: prev.x + this.fit.dx * prev.width,
        y: prev.y + this.fit.dy * prev.height,
        width: prev.width * this.fit.sw,
        height: prev.height * this.fit.sh,
      };
      const l = await this.detector.landmarksIn(frame, box);
      if (l && plausible(prev, landmarkBounds(l))) {
        this.last = l;
        this.followed++;
        return { landmarks: l, detected: false };
      }
    }
    return this.detect(frame);
  }

  private async detect(frame: { width: number; height: number; data: Uint8Array }): Promise<TrackStep> {
    const faces = await this.detector.detect(frame);
    this.followed = 0;
    if (!faces.length) {
      this.last = undefined;
      return { detected: true };
    }
    let chosen: DetectedFace;
    if (this.last) {
      // the face nearest to where the followed one was
      const [cx, cy] = centre(landmarkBounds(this.last));
      chosen = faces.reduce((a, b) => (dist(centre(a.box), [cx, cy]) <= dist(centre(b.box), [cx, cy]) ? a : b));
    } else {
      const bySize = [...faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
      const pick = this.found || this.o.pick === undefined || this.o.pick === 'largest' ? 0 : this.o.pick;
      chosen = bySize[Math.min(pick, bySize.length - 1)]!;
    }
    this.found = true;
    const lb = landmarkBounds(chosen.landmarks);
    this.fit = {
      dx: (chosen.box.x - lb.x) / lb.width,
      dy: (chosen.box.y - lb.y) / lb.height,
      sw: chosen.box.width / lb.width,
      sh: chosen.box.height / lb.height,
    };
    this.last = chosen.landmarks;
    return { landmarks: chosen.landmarks, detected: true };
  }
}

const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** A followed face keeps its size within a third and moves less than half its size between frames. */
function plausible(prev: Box, now: Box): boolean {
  const r = size(now) / size(prev);
  return r > 0.75 && r < 1.33 && dist(centre(prev), centre(now)) < 0.5 * size(prev);
}
