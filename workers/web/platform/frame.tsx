import type { Child } from 'hono/jsx';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { platformStrings } from './strings';
import { platformWords } from './words';

/**
 * A platform page: its h1 (`title`, focusable) and the page for a signed-in admin (`#app`), else a
 * link to the console's login (`#need-login`). The public pages (`bare`) have neither. Its scripts
 * read the platform's strings and words (`words.ts`), and the page's own `strings` over them.
 */
export function Frame(props: {
  lang: Lang;
  title: string;
  headingId?: string;
  path: string;
  script: string;
  bare?: boolean;
  strings?: Record<string, string>;
  children: Child;
}) {
  const p = platformStrings(props.lang);
  return (
    <Layout
      lang={props.lang}
      title={props.title}
      path={props.path}
      scripts={['/static/platform/common.js', `/static/platform/${props.script}.js`]}
      styles={['/static/platform/platform.css']}
      strings={{ ...p, ...platformWords(props.lang), ...props.strings }}
      bare={props.bare}
    >
      {props.bare ? (
        props.children
      ) : (
        <>
          <p id="need-login" class="card narrow" hidden>
            {p.needLogin} <a href="/">{p['needLogin.link']}</a>
          </p>
          <div id="app" hidden>
            <h1 id={props.headingId} tabindex={-1}>
              {props.title}
            </h1>
            {props.children}
          </div>
        </>
      )}
    </Layout>
  );
}
