import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { collectMetricSources } from '../middleware/metric-sources';
import { renderMetrics } from '../middleware/metrics';
import type { AppEnv } from '../types';
import { SECURITY_HEADERS, staticFiles } from '../web/layout';
import { json, publicRoute } from './support';

const health = createRoute({
  method: 'get',
  path: '/healthz',
  security: publicRoute,
  tags: ['system'],
  summary: 'Liveness; touches no actor (the benchmark baseline)',
  responses: { 200: json(z.object({ ok: z.literal(true) }).openapi('Health')) },
});

const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  security: publicRoute,
  tags: ['system'],
  summary: 'Prometheus text exposition',
  responses: {
    200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: z.string() } } },
  },
});

const SWAGGER_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keel API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"></main>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/static/docs/start.js"></script>
</body>
</html>`;

export const systemRoutes = new OpenAPIHono<AppEnv>()
  .openapi(health, (c) => c.json({ ok: true as const }, 200))
  .openapi(metricsRoute, async (c) =>
    c.text(renderMetrics(await collectMetricSources(c.env)), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    }),
  );

/**
 * Starts Swagger UI from a file of our own, so the page needs no inline script. The areas open folded:
 * with every one of some 140 operations unfolded at once, Swagger UI stopped drawing after the second
 * area (seen in Chromium 156); a reader opens the area they want.
 */
const SWAGGER_START =
  "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', docExpansion: 'none', filter: true });\n";

/** Swagger UI from the swagger-ui-dist package, served as static assets (no CDN: it must work offline). */
systemRoutes.get('/docs', (c) => c.html(SWAGGER_PAGE, 200, SECURITY_HEADERS));
systemRoutes.get('/static/docs/:file', staticFiles({ 'start.js': SWAGGER_START }));
systemRoutes.get('/docs/:file{[a-z0-9.-]+\\.(?:css|js|png)}', (c) => {
  const url = new URL(c.req.url);
  url.pathname = `/${c.req.param('file')}`;
  return c.env.ASSETS.fetch(new Request(url));
});
