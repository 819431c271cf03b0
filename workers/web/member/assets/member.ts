/**
 * /static/member/member.js → `window.Member`: the one member session every member page shares, on
 * top of `window.Keel` (core.js). Signing in at /login (or through a provider) keeps the answer as
 * `Keel.user` — token, user and current company — and every member page reads it from there:
 * - `signIn(answer)` (Keel.user.signIn), `setCompany(company)` keep the session and its company;
 * - `tenant()` the company a page acts in: its `/t/{code}` prefix, the subdomain or header the
 *   server named (`#member` data-tenant), else the member's current company; `href(path)` keeps
 *   the prefix on links;
 * - `api(method, path, body, options)`: Keel.api with the member's token (a platform administrator's
 *   when no member is signed in) and the company (`options.tenant` overrides it); a 401 ends the
 *   member's session and shows the way to sign in;
 * - `start(ready, options)`: shows the page to someone signed in (`options.membersOnly`: a member,
 *   not an administrator), calling `ready(session)` once, else the way to /login, which sends the
 *   reader back here (`?next=`).
 * Plain ES2020 in a String.raw template: no backticks, no dollar-brace.
 */
export const MEMBER_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { $, t, user } = K;
  const root = $('member');

  const companyOf = (c) => (c ? { id: c.id, code: c.code, name: c.name } : null);

  /** The member switched company: every member page now works in it. */
  function setCompany(company) {
    const s = user.get();
    if (s) user.set(Object.assign({}, s, { company: companyOf(company) }));
  }

  const prefix = /^\/t\/([^/]+)/.exec(location.pathname);
  const named = prefix ? decodeURIComponent(prefix[1]) : (root && root.dataset.tenant) || '';
  const tenant = () => {
    const s = user.get();
    return named || (s && s.company ? s.company.code : '');
  };
  const href = (path) => (prefix ? prefix[0] : '') + path;

  /** The member's session, else a platform administrator's (who may look into any company). */
  const current = () => user.get() || K.session.get();

  async function api(method, path, body, options) {
    const s = current();
    const code = options && options.tenant !== undefined ? options.tenant : tenant();
    try {
      return await K.api(method, path, body, { token: s ? s.token : null, headers: code ? { 'x-tenant-code': code } : {} });
    } catch (err) {
      if (err instanceof K.ApiError && err.status === 401 && user.get()) {
        user.clear();
        show();
      }
      throw err;
    }
  }

  /** /login, asked to come back to this page once the reader has signed in. */
  const signInHref = () => '/login?next=' + encodeURIComponent(location.pathname + location.search);

  let pending = null;
  let membersOnly = false;
  function show() {
    if (!root) return;
    const s = membersOnly ? user.get() : current();
    $('member-signin').hidden = !!s;
    $('member-app').hidden = !s;
    if (!s) {
      $('member-signin-link').href = signInHref();
      return;
    }
    const code = tenant();
    const own = user.get() && user.get().company;
    const name = own && own.code === code ? own.name + ' (' + code + ')' : code;
    $('member-company').textContent = name ? t('member.company', { name }) : '';
    if (pending) {
      const ready = pending;
      pending = null;
      ready(s);
    }
  }

  function start(ready, options) {
    pending = ready;
    membersOnly = !!(options && options.membersOnly);
    show();
  }

  window.Member = { signIn: user.signIn, setCompany, tenant, href, api, current, start, signInHref };
})();
`;

/** /static/member/member.css: the member pages' additions to the console's stylesheet. Text stays ≥ 4.5:1. */
export const MEMBER_CSS = `
.member-bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; justify-content: flex-end; align-items: baseline; margin: 0 0 1rem; color: var(--muted); font-size: .9rem; }
.stack { display: grid; gap: 1.5rem; align-content: start; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
ul.modules { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem; }
ul.modules a { font-weight: 600; font-size: 1.05rem; }
ul.modules p { margin: .15rem 0 0; color: var(--muted); font-size: .9rem; }
ul.companies, ul.links { padding-left: 1.25rem; }
ul.companies li, ul.links li { margin: .35rem 0; }
.oauth-heading { margin-top: 1.5rem; padding-top: 1rem; border-top: 1px solid var(--line); }
ul.oauth { padding-left: 1.25rem; }
.notice { padding: .5rem .75rem; border-radius: 6px; background: #fef3c7; color: #92400e; }
.badge-status-trial, .badge-invoice-pending { background: #e0f2fe; color: #075985; }
.badge-status-active, .badge-invoice-paid, .badge-bound { background: #dcfce7; color: #166534; }
.badge-status-suspended { background: #fef3c7; color: #92400e; }
.badge-status-expired, .badge-invoice-overdue { background: #fee2e2; color: #991b1b; }
.badge-status-cancelled, .badge-invoice-cancelled, .badge-unbound { background: #e5e7eb; color: #374151; }
`;
