// Nearest palette entries for the GIF encoder: an exact search over a palette sorted by green, and a cache of the
// answer for each 24-bit colour kept from frame to frame.

/** Exact nearest-entry search over a palette: the entries sorted by green, searched outwards from the query's green
 * until the green distance alone exceeds the best found (the same answer as trying all 255, in a tenth of the
 * steps). */
export class NearestSearch {
  private readonly g: Float64Array;
  private readonly rb: Float64Array;
  private readonly ids: Int32Array;
  /** Where each palette entry stands in the sorted order. */
  private readonly at: Int32Array;

  constructor(palette: ArrayLike<number>, entries = palette.length / 3) {
    const order = Array.from({ length: entries }, (_, j) => j).sort(
      (a, b) => palette[3 * a + 1]! - palette[3 * b + 1]! || a - b,
    );
    this.ids = Int32Array.from(order);
    this.at = new Int32Array(entries);
    order.forEach((j, k) => (this.at[j] = k));
    this.g = Float64Array.from(order, (j) => palette[3 * j + 1]!);
    this.rb = new Float64Array(2 * entries);
    order.forEach((j, k) => this.rb.set([palette[3 * j]!, palette[3 * j + 2]!], 2 * k));
  }

  /** The nearest entry to (r, g, b); `guess`, an entry likely to be near (−1: none), only makes the search shorter. */
  of(r: number, g: number, b: number, guess = -1): number {
    const { g: gs, rb, ids } = this;
    const n = gs.length;
    let [lo, hi] = [0, n];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (gs[mid]! < g) lo = mid + 1;
      else hi = mid;
    }
    let best = -1;
    let bestD = Infinity;
    if (guess >= 0) {
      best = this.at[guess]!;
      bestD = (rb[2 * best]! - r) ** 2 + (gs[best]! - g) ** 2 + (rb[2 * best + 1]! - b) ** 2;
    }
    for (let up = lo, down = lo - 1; up < n || down >= 0;) {
      const du = up < n ? gs[up]! - g : Infinity;
      const dd = down >= 0 ? g - gs[down]! : Infinity;
      const k = du <= dd ? up++ : down--;
      const dg = du <= dd ? du : dd;
      if (dg * dg > bestD) break;
      const dr = rb[2 * k]! - r;
      const db = rb[2 * k + 1]! - b;
      const dist = dr * dr + dg * dg + db * db;
      // ties go to the lower palette index, as a full scan in palette order would
      if (dist < bestD || (dist === bestD && ids[k]! < ids[best]!)) {
        best = k;
        bestD = dist;
      }
    }
    return ids[best]!;
  }
}

/** Nearest palette entry of each 24-bit colour, computed the first time the colour occurs in a frame: an
 * open-addressing table of typed arrays, kept from frame to frame (a frame's entries are told apart by its
 * generation). */
export class ColourIndex {
  private static readonly SIZE = 1 << 18;
  private readonly keys = new Int32Array(ColourIndex.SIZE);
  private readonly generation = new Uint32Array(ColourIndex.SIZE);
  private readonly values = new Uint8Array(ColourIndex.SIZE);
  private current = 0;
  private used = 0;
  private search?: NearestSearch;

  /** Starts a frame with its palette, of which the first `entries` are colours. */
  use(palette: Uint8Array, entries: number): void {
    this.search = new NearestSearch(palette, Math.min(entries, palette.length / 3));
    this.current++;
    this.used = 0;
  }

  of(r: number, g: number, b: number): number {
    const key = (r << 16) | (g << 8) | b;
    // a table more than half full is started afresh (the cache only saves work)
    if (this.used > ColourIndex.SIZE / 2) (this.current++, (this.used = 0));
    let h = Math.imul(key, 0x9e3779b1) >>> 14;
    for (;;) {
      if (this.generation[h] !== this.current) break;
      if (this.keys[h] === key) return this.values[h]!;
      h = (h + 1) & (ColourIndex.SIZE - 1);
    }
    const j = this.search!.of(r, g, b);
    this.generation[h] = this.current;
    this.keys[h] = key;
    this.values[h] = j;
    this.used++;
    return j;
  }
}
