/** /static/platform/company.js: one company (?id=): subscription, usage against quotas, onboarding link, invoices. */
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
    const plan = await api('GET', '/api/admin/plans/' + encodeURIComponent(company.plan));
    rows($('usage-rows'), ['users', 'customers', 'storageMB', 'apiCallsPerMonth'], [
      (key) => t('metric.' + key),
      (key) => String({ users: company.usage.users, customers: company.usage.customers, storageMB: company.usage.storageMB, apiCallsPerMonth: company.usage.apiCallsThisMonth }[key]),
      (key) => quota(plan.quotas[key]),
    ]);
    const invoices = await api('GET', '/api/admin/invoices?companyId=' + encodeURIComponent(id) + '&pageSize=50');
    rows($('company-invoices-rows'), invoices.items, [
      (i) => el('span', { class: 'code', text: i.number }),
      (i) => i.period,
      (i) => fen(i.totalFen),
      (i) => badge('invoice', i.status, t('invoice.' + i.status)),
    ]);
  }

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
