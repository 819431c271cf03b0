import type { Env } from '../../lib/env';
import { deviceMetrics } from '../devices/metrics';
import { platformMetrics } from '../ops/metrics';
import type { Gauge } from './metrics';

/** Collects gauges from somewhere other than this isolate (actors, mostly) for `/metrics`. */
export interface MetricSource {
  name: string;
  collect: (env: Env) => Promise<Gauge[]>;
}

/** Every source `/metrics` asks. Modules add theirs here. */
export const METRIC_SOURCES: readonly MetricSource[] = [deviceMetrics, platformMetrics];

/** Asks every source; a source that fails is reported as down instead of breaking the scrape. */
export async function collectMetricSources(
  env: Env,
  sources: readonly MetricSource[] = METRIC_SOURCES,
): Promise<Gauge[]> {
  const up: Gauge = {
    name: 'keel_metrics_source_up',
    help: 'Whether a metrics source answered this scrape.',
    type: 'gauge',
    samples: [],
  };
  const gathered = await Promise.all(
    sources.map(async (source) => {
      try {
        return await source.collect(env);
      } catch {
        return null;
      }
    }),
  );
  sources.forEach((source, i) => {
    up.samples.push({ labels: { source: source.name }, value: gathered[i] ? 1 : 0 });
  });
  return [up, ...gathered.flatMap((g) => g ?? [])];
}
