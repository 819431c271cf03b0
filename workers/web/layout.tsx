import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTML_LANG, LANG_NAMES, LANGS, type Lang, pickLang, strings } from './i18n';
import { consoleNav } from './nav';

/** What every page answers with (the console and /docs): no external origin, no inline script, no framing. */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/** Answers a page: the doctype, the rendered tree and the security headers (and any `headers`). */
export function renderPage(
  c: Context,
  page: Child,
  status: ContentfulStatusCode = 200,
  headers: Record<string, string> = {},
) {
  return c.html(
    <>
      {raw('<!doctype html>')}
      {page}
    </>,
    status,
    { ...SECURITY_HEADERS, ...headers },
  );
}

/** A route answering `Page` in the caller's language (`pickLang`). */
export const langPage =
  (Page: (props: { lang: Lang }) => Child) =>
  (c: Context): Response | Promise<Response> =>
    renderPage(c, <Page lang={pickLang(c)} />);

/**
 * A route serving the named files of `…/:file`: `.css` ones as CSS, the others as JavaScript;
 * any other name is not found.
 */
export function staticFiles(files: Record<string, string>) {
  const byName = new Map(Object.entries(files));
  return (c: Context) => {
    const name = c.req.param('file') ?? '';
    const body = byName.get(name);
    if (body === undefined) return c.notFound();
    return c.body(body, 200, {
      'content-type': name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
  };
}

/**
 * The console frame: header with the product name, the main navigation (`consoleNav`), the
 * language switch and the session area (filled by /static/console/core.js), then the page in `<main>`.
 * `scripts` are the page's own browser scripts, loaded after the shared core; `styles` its own
 * stylesheets after the console's; `strings` a module's table, which core.js reads over the console's.
 * A `bare` page (the public ones) has no navigation or session area, is named plain "Keel", and its
 * language links keep the page's query.
 */
export function Layout(props: {
  lang: Lang;
  title: string;
  path: string;
  scripts?: string[];
  styles?: string[];
  strings?: Record<string, string>;
  bare?: boolean;
  children: Child;
}) {
  const { lang, title, path, scripts = [], styles = [], bare } = props;
  const s = strings(lang);
  return (
    <html lang={HTML_LANG[lang]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${bare ? 'Keel' : s['app.name']}`}</title>
        {/* No icon of our own: an empty one keeps browsers from asking for /favicon.ico, a 404. */}
        <link rel="icon" href="data:," />
        {['/static/console/console.css', ...styles].map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
      </head>
      <body data-strings={JSON.stringify(s)}>
        <a class="skip-link" href="#main">
          {s['app.skip']}
        </a>
        <header class="top">
          {bare ? (
            <span class="brand">Keel</span>
          ) : (
            <a class="brand" href="/">
              {s['app.name']}
            </a>
          )}
          <nav aria-label={s['nav.label']}>
            {!bare && (
              <ul>
                {consoleNav.map((entry) => (
                  <li data-platform-only={entry.platformOnly} data-module={entry.module}>
                    <a href={entry.href} aria-current={entry.href === path ? 'page' : undefined}>
                      {entry[lang]}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </nav>
          <ul class="langs" aria-label={s['lang.label']}>
            {LANGS.map((code) => (
              <li>
                <a
                  href={`?lang=${code}`}
                  data-keep-query={bare || undefined}
                  lang={HTML_LANG[code]}
                  hreflang={HTML_LANG[code]}
                  aria-current={code === lang ? 'true' : undefined}
                >
                  {LANG_NAMES[code]}
                </a>
              </li>
            ))}
          </ul>
          {!bare && (
            <div class="session" id="session" hidden>
              <span id="session-user" />
              <button type="button" id="logout">
                {s['session.logout']}
              </button>
            </div>
          )}
        </header>
        <main id="main" tabindex={-1} data-strings={props.strings && JSON.stringify(props.strings)}>
          {props.children}
        </main>
        {['/static/console/core.js', ...scripts].map((src) => (
          <script src={src} />
        ))}
      </body>
    </html>
  );
}
