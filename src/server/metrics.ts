// Prometheus text exposition of the server's request counts, latencies and job queue.

const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();
  /** Requests whose client left while uploading. */
  uploadsAborted = 0;

  observe(route: string, status: number, seconds: number): void {
    const key = `route="${route}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    let h = this.durations.get(route);
    if (!h) this.durations.set(route, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((b, i) => (seconds <= b ? h!.counts[i]!++ : undefined));
    h.sum += seconds;
    h.count++;
  }

  /** The exposition text, with the pool's gauges and counters passed in. */
  render(gauges: Record<string, { help: string; value: number; type?: 'gauge' | 'counter' }>): string {
    const lines: string[] = [];
    lines.push(
      '# HELP ganimate_http_requests_total HTTP requests by route and status.',
      '# TYPE ganimate_http_requests_total counter',
    );
    for (const [k, v] of this.requests) lines.push(`ganimate_http_requests_total{${k}} ${v}`);
    lines.push(
      '# HELP ganimate_http_request_duration_seconds Time to answer a request.',
      '# TYPE ganimate_http_request_duration_seconds histogram',
    );
    for (const [route, h] of this.durations) {
      BUCKETS.forEach((b, i) =>
        lines.push(`ganimate_http_request_duration_seconds_bucket{route="${route}",le="${b}"} ${h.counts[i]}`),
      );
      lines.push(`ganimate_http_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${h.count}`);
      lines.push(
        `ganimate_http_request_duration_seconds_sum{route="${route}"} ${h.sum.toFixed(6)}`,
        `ganimate_http_request_duration_seconds_count{route="${route}"} ${h.count}`,
      );
    }
    for (const [name, g] of Object.entries(gauges))
      lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} ${g.type ?? 'gauge'}`, `${name} ${g.value}`);
    return `${lines.join('\n')}\n`;
  }
}
