import { describe, expect, it } from 'vitest';
import { observe, renderMetrics } from '../../workers/middleware/metrics';

describe('metrics exposition', () => {
  it('counts requests by route and status and keeps histogram buckets cumulative', () => {
    observe('GET', '/api/unit-test/{id}', 200, 0.003);
    observe('GET', '/api/unit-test/{id}', 200, 0.2);
    observe('GET', '/api/unit-test/{id}', 404, 0.0001);
    const text = renderMetrics();
    expect(text).toContain(
      'keel_http_requests_total{method="GET",route="/api/unit-test/{id}",status="200"} 2',
    );
    expect(text).toContain(
      'keel_http_requests_total{method="GET",route="/api/unit-test/{id}",status="404"} 1',
    );
    const bucket = (le: string) =>
      Number(
        new RegExp(
          `keel_http_request_duration_seconds_bucket\\{method="GET",route="/api/unit-test/\\{id\\}",le="${le.replace('+', '\\+')}"\\} (\\d+)`,
        ).exec(text)?.[1],
      );
    expect(bucket('0.001')).toBe(1);
    expect(bucket('0.005')).toBe(2);
    expect(bucket('0.25')).toBe(3);
    expect(bucket('+Inf')).toBe(3);
  });

  it('escapes label values and renders extra gauges', () => {
    const text = renderMetrics([
      {
        name: 'keel_test_gauge',
        help: 'A gauge.',
        type: 'gauge',
        samples: [{ labels: { node: 'a"b\\c' }, value: 3 }],
      },
    ]);
    expect(text).toContain('# TYPE keel_test_gauge gauge');
    expect(text).toContain('keel_test_gauge{node="a\\"b\\\\c"} 3');
    expect(text.endsWith('\n')).toBe(true);
  });
});
