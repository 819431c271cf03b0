import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { tenantCodeOf } from '../../middleware/tenant';
import type { AppEnv } from '../../types';
import { Card } from '../components';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { memberStrings } from './strings';

/**
 * The frame of every page a company member works in: the Layout with the member scripts
 * (/static/member/member.js first, then the page's own), a bar naming the company the page acts in
 * with the way back to the member's home, and the page itself (`#member-app`) once someone is signed
 * in — else the way to the one sign-in at /login, which comes back here. `tenant` is the company the
 * request named (subdomain or header; `/t/{code}` is read by the script); `strings` the module's table.
 */
export function MemberFrame(props: {
  lang: Lang;
  title: string;
  path: string;
  tenant: string;
  scripts: string[];
  styles?: string[];
  strings?: Record<string, string>;
  children: Child;
}) {
  const s = memberStrings(props.lang);
  return (
    <Layout
      lang={props.lang}
      title={props.title}
      path={props.path}
      scripts={['/static/member/member.js', ...props.scripts]}
      styles={['/static/member/member.css', ...(props.styles ?? [])]}
      strings={{ ...s, ...props.strings }}
    >
      <div id="member" data-tenant={props.tenant}>
        <Card
          id="member-signin"
          class="narrow"
          hidden
          h1
          headingId="member-signin-title"
          heading={s['member.signInTitle']}
        >
          <p>
            {s['member.signIn']}{' '}
            <a id="member-signin-link" href="/login">
              {s['member.signInLink']}
            </a>
          </p>
        </Card>
        <div id="member-app" hidden>
          <p class="member-bar">
            <span id="member-company" /> <a href="/login">{s['member.switch']}</a>
          </p>
          {props.children}
        </div>
      </div>
    </Layout>
  );
}

/** The company a page request names by subdomain or header (a `/t/{code}` prefix arrives as the header); '' for none. */
export const pageTenant = (c: Context<AppEnv>) =>
  tenantCodeOf(new URL(c.req.url).host, c.req.header('x-tenant-code'), c.env.BASE_DOMAIN) ?? '';
