import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../types';

/**
 * Request counters and a latency histogram, kept in the isolate and rendered in Prometheus text.
 * Each isolate counts its own share; a Prometheus `sum()` across scrapes adds them up.
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

const requests = new Map<string, number>();
const latency = new Map<string, Series>();

export function observe(method: string, route: string, status: number, seconds: number): void {
  const key = `${method}\u0000${route}\u0000${status}`;
  requests.set(key, (requests.get(key) ?? 0) + 1);
  const latencyKey = `${method}\u0000${route}`;
  let series = latency.get(latencyKey);
  if (!series) {
    series = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
    latency.set(latencyKey, series);
  }
  series.count += 1;
  series.sum += seconds;
  for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) series.buckets[i]! += 1;
}

export const metrics = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  await next();
  // Label by route pattern, never by raw path: ids in paths would explode the series count.
  const route = c.req.routePath || 'unmatched';
  observe(
    c.req.method,
    route === '/*' ? 'unmatched' : route,
    c.res.status,
    (performance.now() - started) / 1000,
  );
});

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export interface Gauge {
  name: string;
  help: string;
  type: 'gauge' | 'counter' | 'histogram';
  /** A histogram's samples carry `suffix` (`_bucket` with an `le` label, `_sum`, `_count`). */
  samples: { labels?: Record<string, string>; value: number; suffix?: string }[];
}

function labels(obj: Record<string, string> | undefined): string {
  if (!obj || Object.keys(obj).length === 0) return '';
  return `{${Object.entries(obj)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;
}

/** One HELP/TYPE block per metric name, however many sources reported it (the format requires it). */
function mergeByName(gauges: Gauge[]): Gauge[] {
  const merged = new Map<string, Gauge>();
  for (const g of gauges) {
    const seen = merged.get(g.name);
    if (seen) seen.samples.push(...g.samples);
    else merged.set(g.name, { ...g, samples: [...g.samples] });
  }
  return [...merged.values()];
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

export function renderMetrics(extra: Gauge[] = []): string {
  const out: string[] = [];
  out.push('# HELP keel_http_requests_total HTTP requests answered, by method, route and status.');
  out.push('# TYPE keel_http_requests_total counter');
  for (const [key, value] of requests) {
    const [method, route, status] = key.split('\u0000') as [string, string, string];
    out.push(`keel_http_requests_total${labels({ method, route, status })} ${value}`);
  }
  out.push('# HELP keel_http_request_duration_seconds Time to answer HTTP requests.');
  out.push('# TYPE keel_http_request_duration_seconds histogram');
  for (const [key, series] of latency) {
    const [method, route] = key.split('\u0000') as [string, string];
    BUCKETS.forEach((le, i) => {
      out.push(
        `keel_http_request_duration_seconds_bucket${labels({ method, route, le: String(le) })} ${series.buckets[i]}`,
      );
    });
    out.push(
      `keel_http_request_duration_seconds_bucket${labels({ method, route, le: '+Inf' })} ${series.count}`,
    );
    out.push(`keel_http_request_duration_seconds_sum${labels({ method, route })} ${series.sum}`);
    out.push(`keel_http_request_duration_seconds_count${labels({ method, route })} ${series.count}`);
  }
  for (const gauge of mergeByName(extra)) {
    out.push(`# HELP ${gauge.name} ${gauge.help}`);
    out.push(`# TYPE ${gauge.name} ${gauge.type}`);
    for (const s of gauge.samples) {
      out.push(`${gauge.name}${s.suffix ?? ''}${labels(s.labels)} ${formatValue(s.value)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
