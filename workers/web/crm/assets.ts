/**
 * The CRM pages' browser scripts and styles, served under /static/crm/. Plain ES2020 with no build step,
 * on top of `window.Keel` (core.js) and `window.Member` (member.js). They live in String.raw templates,
 * so they must not use backticks or dollar-brace; a backslash stays as written.
 */

/**
 * /static/crm/common.js → `window.Crm`: what the CRM pages share on top of `window.Member` (the one
 * member session and its company): the API, badges, flash messages, and `start`, which asks for the
 * company when an administrator opens a page that names none.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const CRM_COMMON_JS = String.raw`'use strict';
(() => {
  const { $, t, badge: keelBadge } = window.Keel;
  const { tenant, href, api } = window.Member;

  const badge = (kind, status) => keelBadge(status, t(kind + '.' + status));

  const FLASH = 'keel.crm.flash';
  const flash = {
    set(text) {
      sessionStorage.setItem(FLASH, text);
    },
    take() {
      const text = sessionStorage.getItem(FLASH);
      sessionStorage.removeItem(FLASH);
      return text;
    },
  };

  /** The company chooser, for an administrator on an address that names no company. */
  function chooseCompany() {
    $('tenant-view').hidden = false;
    const form = $('tenant-form');
    form.elements.code.value = localStorage.getItem('keel.crm.tenant') || '';
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const code = form.elements.code.value.trim().toLowerCase();
      if (code) location.href = '/t/' + encodeURIComponent(code) + location.pathname + location.search;
    });
    $('tenant-code').focus();
  }

  /** Shows the page once someone is signed in and the company is known, then calls ready. */
  function start(ready) {
    for (const link of document.querySelectorAll('a[href^="/crm/"]')) link.setAttribute('href', href(link.getAttribute('href')));
    window.Member.start(() => {
      if (!tenant()) return chooseCompany();
      localStorage.setItem('keel.crm.tenant', tenant());
      $('crm').hidden = false;
      ready();
    });
  }

  window.Crm = { href, api, badge, flash, start };
})();
`;

/** /static/crm/customers.js: the list with status and name filters, pages, and the create form. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const CUSTOMERS_JS = String.raw`'use strict';
(() => {
  const { api, badge, href, start } = window.Crm;
  const { $, t, lang, forms, el, time, rows, pager, listQuery, filter, busy } = window.Keel;
  const state = { page: 1, pageSize: 20, status: '', q: '' };
  const numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 3 });
  const renderPager = pager({ summary: 'customers-summary', prev: 'page-prev', next: 'page-next' }, 'crm.summary', state, () => load());

  const load = () =>
    busy($('customers-table'), $('customers-summary'), async () => {
      const list = await api('GET', '/api/customers?' + listQuery(state));
      rows(
        $('customers-rows'),
        list.items,
        [
          { class: 'name', value: (c) => el('a', { href: href('/crm/customers/' + c.id), text: c.name }) },
          (c) => badge('crm.status', c.status),
          { class: 'num', value: (c) => (c.contractedCapacity == null ? t('crm.capacity.none') : numberFormat.format(c.contractedCapacity)) },
          (c) => time(c.createdAt),
        ],
        { empty: t('crm.empty') },
      );
      renderPager(list);
    });

  filter($('filter-form'), state, load);

  const createForm = $('create-form');
  forms.onSubmit(createForm, t('crm.create.busy'), async (values) => {
    const customer = await api('POST', '/api/customers', values);
    createForm.reset();
    forms.say(createForm, t('crm.create.done', { name: customer.name }));
    state.page = 1;
    await load();
  });

  start(load);
})();
`;

/** /static/crm/customer.js: one customer, its operations, edit form, contracts and status history. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const CUSTOMER_JS = String.raw`'use strict';
(() => {
  const { api, badge, href, flash, start } = window.Crm;
  const { $, t, lang, forms, ApiError, errorText, el, time, rows, confirm } = window.Keel;
  const id = $('crm').dataset.customerId;
  const numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 3 });
  const FIELDS = ['name', 'contactName', 'contactPhone', 'address', 'notes'];
  const say = (text, kind) => window.Keel.say($('page-status'), text, kind);

  async function load() {
    try {
      const [customer, contracts, history] = await Promise.all([
        api('GET', '/api/customers/' + id),
        api('GET', '/api/retail-contracts?pageSize=200&customerId=' + encodeURIComponent(id)),
        api('GET', '/api/customers/' + id + '/status-history?pageSize=200'),
      ]);
      renderCustomer(customer);
      renderContracts(contracts.items);
      renderHistory(history.items);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(errorText(err), 'error');
    }
  }

  function renderCustomer(c) {
    $('customer-name').textContent = c.name;
    $('customer-status').replaceChildren(badge('crm.status', c.status));
    $('customer-capacity').textContent =
      c.contractedCapacity == null ? t('crm.capacity.none') : numberFormat.format(c.contractedCapacity);
    $('customer-created').replaceChildren(time(c.createdAt, true));
    $('new-contract').hidden = c.status === 'terminated';
    $('new-contract').href = href('/crm/customers/' + encodeURIComponent(c.id) + '/contracts/new');

    const buttons = $('ops-buttons');
    buttons.replaceChildren();
    for (const op of c.allowedOperations) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.op = op;
      button.textContent = t('crm.op.' + op);
      buttons.append(button);
    }
    if (!c.allowedOperations.length) {
      const none = document.createElement('p');
      none.className = 'note';
      none.textContent = t('crm.ops.none');
      buttons.append(none);
    }

    const form = $('edit-form');
    for (const name of FIELDS) {
      const input = form.elements[name];
      input.value = c[name] || '';
      const locked = !c.editableFields.includes(name);
      input.disabled = locked;
      input.title = locked ? t('crm.detail.locked') : '';
    }
    form.querySelector('button[type="submit"]').disabled = !c.editableFields.length;
    const note = $('edit-note');
    note.hidden = !c.editNeedsAdmin || !c.editableFields.length;
    note.textContent = t('crm.detail.adminOnly');
    $('delete-customer').hidden = !c.deletable;
  }

  function renderContracts(items) {
    rows(
      $('contracts-rows'),
      items,
      [
        (k) => k.purchaseStartMonth + ' – ' + k.purchaseEndMonth,
        { class: 'num', value: (k) => numberFormat.format(k.purchasingElectricityQuantity) },
        (k) => badge('crm.contractStatus', k.status),
        (k) => [
          el('a', { href: href('/crm/contracts/' + k.id + '/edit'), text: t('crm.contracts.edit') }),
          ' ',
          el('button', {
            type: 'button',
            class: 'link danger',
            'data-contract': k.id,
            'data-months': k.purchaseStartMonth + ' – ' + k.purchaseEndMonth,
            text: t('crm.contracts.delete'),
            'aria-label': t('crm.contracts.deleteAction') + ' ' + k.purchaseStartMonth + ' – ' + k.purchaseEndMonth,
          }),
        ],
      ],
      { empty: t('crm.contracts.empty') },
    );
  }

  /**
   * Why a status changed, in the page's words: a coded change from its event and parameters; an
   * operation by its name and the person's reason when they gave one; an entry older than the codes
   * by its event and the text it was stored with.
   */
  function why(h) {
    if (h.params) {
      const key = h.event === 'contract.deleted' && h.params.left === 0 ? 'crm.reason.contract.deleted.last' : 'crm.reason.' + h.event;
      return t(key) === key ? t('crm.event.' + h.event) : t(key, h.params);
    }
    if (h.event.indexOf('manual.') === 0) {
      const op = h.event.slice('manual.'.length);
      const what = t('crm.history.operation', { operation: t('crm.op.' + op) });
      return h.reason && h.reason !== op ? t('crm.history.because', { what, reason: h.reason }) : what;
    }
    return t('crm.history.because', { what: t('crm.event.' + h.event), reason: h.reason });
  }

  function renderHistory(items) {
    const list = $('history');
    list.replaceChildren();
    for (const h of items) {
      const li = document.createElement('li');
      const change = document.createElement('span');
      change.className = 'change';
      if (h.oldStatus) change.append(badge('crm.status', h.oldStatus), ' → ');
      change.append(badge('crm.status', h.newStatus));
      const kind = document.createElement('span');
      kind.className = 'kind kind-' + h.changeType;
      kind.textContent = t('crm.history.' + h.changeType);
      const reason = document.createElement('p');
      reason.className = 'reason';
      const who = h.operator.indexOf('system:') === 0 ? t('crm.history.system') : h.operatorName || h.operator;
      reason.textContent = why(h) + ' · ' + t('crm.history.by', { operator: who });
      li.append(time(h.at, true), ' ', change, ' ', kind, reason);
      list.append(li);
    }
    if (!items.length) {
      const li = document.createElement('li');
      li.textContent = t('crm.history.empty');
      list.append(li);
    }
  }

  $('ops-buttons').addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-op]');
    if (!button) return;
    const form = $('ops-form');
    forms.clear(form);
    const reason = form.elements.reason.value.trim();
    try {
      const c = await api('POST', '/api/customers/' + id + '/' + button.dataset.op, reason ? { reason } : {});
      form.reset();
      forms.say(form, t('crm.ops.done', { status: t('crm.status.' + c.status) }));
      await load();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      forms.showError(form, err);
    }
  });

  // Every field that may change is sent, empty ones too: clearing the notes must clear them.
  const editForm = $('edit-form');
  const readEdit = () => {
    const out = {};
    for (const name of FIELDS) {
      const input = editForm.elements[name];
      if (!input.disabled) out[name] = input.value.trim();
    }
    return out;
  };
  forms.onSubmit(editForm, t('crm.detail.saving'), async () => {
    const c = await api('PUT', '/api/customers/' + id, readEdit());
    renderCustomer(c);
    forms.say(editForm, t('crm.detail.saved'));
  });

  $('delete-customer').addEventListener('click', async () => {
    if (!(await confirm(t('crm.detail.confirmDelete'), t('crm.detail.delete')))) return;
    try {
      await api('DELETE', '/api/customers/' + id);
      flash.set(t('crm.detail.deleted'));
      location.href = href('/crm/customers');
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(errorText(err), 'error');
    }
  });

  $('contracts-rows').addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-contract]');
    if (!button) return;
    const question = t('crm.contracts.confirmDelete', { months: button.dataset.months });
    if (!(await confirm(question, t('crm.contracts.deleteAction')))) return;
    try {
      const answer = await api('DELETE', '/api/retail-contracts/' + button.dataset.contract);
      say(t('crm.contracts.deleted', { status: t('crm.status.' + answer.customerStatus) }));
      await load();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(errorText(err), 'error');
    }
  });

  start(() => {
    const message = flash.take();
    if (message) say(message);
    load();
  });
})();
`;

/** /static/crm/contract.js: the create and edit form of a retail contract, errors next to their fields. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const CONTRACT_JS = String.raw`'use strict';
(() => {
  const { api, href, flash, start } = window.Crm;
  const { $, t, forms, ApiError, errorText } = window.Keel;
  const contractId = $('crm').dataset.contractId;
  let customerId = $('crm').dataset.customerId;
  const form = $('contract-form');

  function showCustomer(id, name) {
    customerId = id;
    const link = $('contract-customer');
    link.textContent = name;
    link.href = href('/crm/customers/' + encodeURIComponent(id));
    $('cancel-link').href = link.href;
  }

  async function ready() {
    try {
      if (contractId) {
        const k = await api('GET', '/api/retail-contracts/' + contractId);
        form.elements.purchaseStartMonth.value = k.purchaseStartMonth;
        form.elements.purchaseEndMonth.value = k.purchaseEndMonth;
        form.elements.purchasingElectricityQuantity.value = String(k.purchasingElectricityQuantity);
        showCustomer(k.customerId, k.customerName);
      } else if (customerId) {
        const c = await api('GET', '/api/customers/' + encodeURIComponent(customerId));
        showCustomer(c.id, c.name);
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      forms.say(form, errorText(err), 'error');
    }
  }

  const read = () => {
    const out = {};
    for (const name of ['purchaseStartMonth', 'purchaseEndMonth', 'purchasingElectricityQuantity']) {
      const value = form.elements[name].value.trim();
      if (value === '') continue;
      const number = Number(value);
      out[name] = name === 'purchasingElectricityQuantity' && Number.isFinite(number) ? number : value;
    }
    return out;
  };

  forms.onSubmit(form, t('crm.contract.saving'), async () => {
    const values = read();
    const answer = contractId
      ? await api('PUT', '/api/retail-contracts/' + contractId, values)
      : await api('POST', '/api/retail-contracts', Object.assign({ customerId: customerId || '' }, values));
    flash.set(t('crm.contract.saved', { status: t('crm.status.' + answer.customerStatus) }));
    location.href = href('/crm/customers/' + encodeURIComponent(answer.customerId));
  });

  start(ready);
})();
`;

/** /static/crm/crm.css: what the console's stylesheet lacks for these pages. Text stays at ≥ 4.5:1. */
export const CRM_CSS = `
.badge-prospect { background: #e0f2fe; color: #075985; }
.badge-pending { background: #ede9fe; color: #5b21b6; }
.badge-terminated { background: #e5e7eb; color: #374151; }
.card-head { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; }
.button-link { display: inline-block; padding: .4rem .9rem; border-radius: 6px; background: var(--accent); color: #fff; text-decoration: none; font-weight: 600; }
.button-link:hover { background: var(--accent-dark); }
.buttons { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
button.danger { border-color: var(--error); color: var(--error); }
button.link { border: none; background: none; padding: 0; text-decoration: underline; }
.narrow-form { max-width: 32rem; }
input:disabled { background: var(--page); color: var(--muted); border-color: var(--line); cursor: not-allowed; }
.facts dt { font-weight: 600; }
.timeline { list-style: none; margin: 0; padding: 0; }
.timeline li { padding: .6rem 0; border-bottom: 1px solid var(--line); }
.timeline li:last-child { border-bottom: none; }
.timeline time { color: var(--muted); font-size: .85rem; }
.timeline .kind { font-size: .8rem; color: var(--muted); }
.timeline .kind-manual { color: #92400e; }
.timeline .reason { margin: .25rem 0 0; font-size: .9rem; color: var(--ink); word-break: break-word; }
#page-title .badge { vertical-align: middle; }
`;
