/**
 * /static/platform/company.js: one company (?id=): subscription, usage against quotas — live from the
 * company's own actor (GET /t/{code}/api/tenant), else the copy it last reported with its time —, the
 * profile form, the onboarding link and the invoices.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const COMPANY_JS = String.raw`'use strict';
(() => {
  const { $, t, lang, api, ApiError, errorText, el, time, forms } = window.Keel;
  const { fen, badge, quota, rows } = window.P;
  const id = new URLSearchParams(location.search).get('id') || '';

  async function load() {
    if (!id) {
      $('company-status').replaceChildren(t('company.none') + ' ', el('a', { href: '/', text: t('company.toList') }));
      $('company-cards').hidden = true;
      return;
    }
    let company;
    try {
      company = await api('GET', '/api/admin/companies/' + encodeURIComponent(id));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      $('company-status').textContent = errorText(err);
      $('company-cards').hidden = true;
      return;
    }
    $('company-name').textContent = company.name + ' (' + company.code + ')';
    const facts = $('company-facts');
    facts.replaceChildren();
    const fact = (label, value) => facts.append(el('dt', { text: label }), el('dd', {}, value));
    fact(t('companies.col.plan'), t('plan.' + company.plan));
    fact(t('companies.col.status'), badge('status', company.subscriptionStatus, t('status.' + company.subscriptionStatus)));
    fact(t('company.trialEnds'), time(company.trialEndsAt));
    fact(t('company.serviceEnds'), time(company.serviceEndAt));
    fact(t('company.billingCycle'), t('cycle.' + company.billingCycle));
    $('onboarding-state').textContent = t('onboarding.' + company.onboardingStatus);
    $('onboarding-form').hidden = company.onboardingStatus === 'completed';
    fillProfile(company);
    await showUsage(company);
    const invoices = await api('GET', '/api/admin/invoices?companyId=' + encodeURIComponent(id) + '&pageSize=50');
    rows($('company-invoices-rows'), invoices.items, [
      (i) => el('span', { class: 'code', text: i.number }),
      (i) => i.period,
      (i) => fen(i.totalFen),
      (i) => badge('invoice', i.status, t('invoice.' + i.status)),
    ]);
  }

  const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' });

  /** Usage against quotas as the company's actor counts it now; the Directory's copy (and its age) if that cannot be read. */
  async function showUsage(company) {
    let usage = company.usage;
    let quotas = null;
    try {
      const live = await api('GET', '/t/' + encodeURIComponent(company.code) + '/api/tenant');
      usage = live.usage;
      quotas = live.quotas;
      $('usage-note').textContent = t('company.usageLive', { time: dateTime.format(new Date()) });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      $('usage-note').textContent = company.usage.reportedAt
        ? t('company.usageAsOf', { time: dateTime.format(new Date(company.usage.reportedAt)) })
        : t('company.usageNever');
      quotas = (await api('GET', '/api/admin/plans/' + encodeURIComponent(company.plan))).quotas;
    }
    const used = { users: usage.users, customers: usage.customers, storageMB: usage.storageMB, apiCallsPerMonth: usage.apiCallsThisMonth };
    rows($('usage-rows'), ['users', 'customers', 'storageMB', 'apiCallsPerMonth'], [
      (key) => t('metric.' + key),
      (key) => String(used[key]),
      (key) => quota(quotas[key]),
    ]);
  }

  const profileForm = $('profile-form');
  function fillProfile(company) {
    for (const name of ['name', 'industry', 'region', 'contactEmail']) profileForm.elements[name].value = company[name] || '';
  }

  forms.onSubmit(profileForm, null, async (values) => {
    const company = await api('PUT', '/api/admin/companies/' + encodeURIComponent(id), values);
    fillProfile(company);
    $('company-name').textContent = company.name + ' (' + company.code + ')';
    forms.say(profileForm, t('company.profileSaved'));
  });

  forms.onSubmit($('onboarding-form'), null, async () => {
    const link = await api('POST', '/api/admin/companies/' + encodeURIComponent(id) + '/generate-onboarding');
    $('onboarding-link').hidden = false;
    $('onboarding-link-text').textContent = t('company.linkReady', { expiresAt: new Date(link.expiresAt).toLocaleString(lang) });
    const a = $('onboarding-url');
    a.href = link.url;
    a.textContent = link.url;
    a.focus();
  });

  window.P.requireAdmin(load);
})();
`;
