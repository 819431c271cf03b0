/** /static/platform/plans.js: the plan catalog, and its edit form (reprice, re-quota, enable/disable). */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const PLANS_JS = String.raw`'use strict';
(() => {
  const { $, t, api, el, forms } = window.Keel;
  const { fen, quota, rows } = window.P;
  const form = $('plan-form');
  let editing = null;

  async function load() {
    const list = await api('GET', '/api/admin/plans?pageSize=200');
    rows($('plans-rows'), list.items, [
      (p) => el('span', { class: 'code', text: p.code }),
      (p) => p.name,
      (p) => fen(p.priceMonthlyFen),
      (p) => fen(p.priceYearlyFen),
      (p) => quota(p.quotas.users),
      (p) => quota(p.quotas.customers),
      (p) => quota(p.quotas.storageMB),
      (p) => quota(p.quotas.apiCallsPerMonth),
      { class: 'name', value: (p) => p.modules.map((m) => t('module.' + m)).join(t('module.separator')) },
      (p) => p.tenants,
      (p) => (p.active ? t('yes') : t('no')),
      (p) => el('button', { type: 'button', text: t('plans.edit'), 'aria-label': t('plans.edit') + ' ' + p.code, onclick: () => edit(p) }),
    ]);
  }

  function edit(plan) {
    editing = plan;
    $('plan-edit').hidden = false;
    $('plan-edit-title').textContent = t('plans.editTitle', { code: plan.code });
    forms.clear(form);
    const value = (v) => (v === null || v === undefined ? '' : String(v));
    form.elements.name.value = plan.name;
    form.elements.priceMonthlyFen.value = value(plan.priceMonthlyFen);
    form.elements.priceQuarterlyFen.value = value(plan.priceQuarterlyFen);
    form.elements.priceYearlyFen.value = value(plan.priceYearlyFen);
    for (const key of ['users', 'customers', 'storageMB', 'apiCallsPerMonth']) form.elements[key].value = value(plan.quotas[key]);
    form.elements.allowOverage.checked = plan.allowOverage;
    form.elements.active.checked = plan.active;
    $('plan-edit-title').focus();
  }

  $('plan-cancel').addEventListener('click', () => { $('plan-edit').hidden = true; editing = null; });

  forms.onSubmit(form, null, async (values) => {
    if (!editing) return;
    const number = (v) => (v === undefined ? null : Number(v));
    const body = {
      name: values.name,
      priceMonthlyFen: Number(values.priceMonthlyFen || 0),
      priceQuarterlyFen: Number(values.priceQuarterlyFen || 0),
      priceYearlyFen: Number(values.priceYearlyFen || 0),
      quotas: {
        users: number(values.users),
        customers: number(values.customers),
        storageMB: number(values.storageMB),
        apiCallsPerMonth: number(values.apiCallsPerMonth),
      },
      allowOverage: values.allowOverage,
      active: values.active,
    };
    const plan = await api('PUT', '/api/admin/plans/' + editing.code, body);
    edit(plan);
    forms.say(form, t('saved'));
    await load();
  });

  window.P.requireAdmin(load);
})();
`;
