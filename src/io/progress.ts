// A progress bar with rate and ETA on stderr (redrawn in place on a terminal, a line per 10% otherwise).
export class Progress {
  private done = 0;
  private readonly start = performance.now();
  private lastPct = -1;

  constructor(
    readonly total: number,
    readonly label: string,
    readonly unit = 'it',
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  tick(n = 1): void {
    this.done += n;
    this.draw();
  }

  private draw(): void {
    const secs = (performance.now() - this.start) / 1000;
    const rate = this.done / Math.max(secs, 1e-9);
    const eta = rate > 0 ? (this.total - this.done) / rate : 0;
    const pct = Math.floor((100 * this.done) / this.total);
    const width = 24;
    const fill = Math.round((width * this.done) / this.total);
    const line = `${this.label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${this.done}/${this.total} ${rate.toFixed(2)} ${this.unit}/s ETA ${fmt(eta)}`;
    if (this.out.isTTY) this.out.write(`\r${line}\x1b[K${this.done >= this.total ? '\n' : ''}`);
    else if (Math.floor(pct / 10) !== Math.floor(this.lastPct / 10) || this.done >= this.total)
      this.out.write(`${line}\n`);
    this.lastPct = pct;
  }
}

function fmt(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(0)}s`;
}
