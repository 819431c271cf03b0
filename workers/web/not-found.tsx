import type { Context } from 'hono';
import { notFound } from '../middleware/errors';
import type { AppEnv } from '../types';
import { type Lang, pickLang, strings } from './i18n';
import { Layout, renderPage } from './layout';

/** What a person asked for that is not here: said in the page's language, with the ways back. */
function NotFoundPage({ lang, path }: { lang: Lang; path: string }) {
  const s = strings(lang);
  return (
    <Layout lang={lang} title={s['notFound.title']} path={path}>
      <section class="card narrow" aria-labelledby="not-found-title">
        <h1 id="not-found-title">{s['notFound.title']}</h1>
        <p>
          {s['notFound.text']} <code>{path}</code>
        </p>
        <ul class="ways-back">
          <li>
            <a href="/">{s['notFound.console']}</a>
          </li>
          <li>
            <a href="/login">{s['notFound.member']}</a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}

/**
 * The answer for a path no route serves: a page for a browser asking for one of the console's
 * (a GET outside `/api/` and `/static/`), the JSON error of the API for everything else.
 */
export function notFoundAnswer(c: Context<AppEnv>) {
  const path = c.req.path;
  const page =
    (c.req.method === 'GET' || c.req.method === 'HEAD') &&
    !path.startsWith('/api/') &&
    !path.startsWith('/static/');
  return page ? renderPage(c, <NotFoundPage lang={pickLang(c)} path={path} />, 404) : notFound(c);
}
