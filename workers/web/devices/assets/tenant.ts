import { DEVICES_COMMON_JS } from './common';

/**
 * /static/devices/tenant.js: the `/devices` page, for a member signed in once at /login (the member
 * session of /static/member/member.js) or a platform administrator, who names the company. It shows
 * the company's allocations, the member's balance and usage, allocate and release, and for company
 * admins the members' balances and top-ups, people picked and shown by name (GET /api/tenant/members)
 * — all through the company's API.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const DEVICES_TENANT_JS = String.raw`'use strict';
(() => {
${DEVICES_COMMON_JS}
  const Member = window.Member;
  const member = () => window.Keel.user.get();
  let code = '';
  let names = new Map();

  const tenantApi = (method, path, body) => Member.api(method, path, body, { tenant: code });
  /** A person by their username where the company's member list names them. */
  const who = (userId) => names.get(userId) || short(userId);

  $('company-form').addEventListener('submit', (event) => {
    event.preventDefault();
    code = $('company-code').value.trim().toLowerCase();
    localStorage.setItem('keel.devices.code', code);
    load();
  });

  async function load() {
    await loadMembers();
    await Promise.all([loadAllocations(), loadUsage(), loadBalance(), loadWallets()]);
  }

  /** The company's active members, for the top-up choice and for naming people in the tables. */
  async function loadMembers() {
    const select = $('topup-userId');
    const chosen = select.value;
    select.replaceChildren(window.Keel.el('option', { value: '', text: t('devices.topUpChoose') }));
    names = new Map();
    try {
      const list = await tenantApi('GET', '/api/tenant/members?status=active&pageSize=200');
      for (const m of list.items) {
        names.set(m.userId, m.username);
        select.append(window.Keel.el('option', { value: m.userId, text: m.username }));
      }
      select.value = chosen;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }

  const loadAllocations = () =>
    loadTable('allocations', () => tenantApi('GET', '/api/scheduler/allocations?pageSize=50').then(offerExtension), [
      (a) => short(a.allocationId),
      (a) => a.deviceId,
      (a) => a.nodeId,
      (a) => t('status.' + a.status),
      (a) => date(a.expiresAt),
      (a) => a.durationSeconds,
      (a) => yuan(a.holdFen),
      (a) => yuan(a.chargeFen),
      (a) =>
        a.status === 'active'
          ? window.Keel.el('span', {},
              button(t('devices.release'), t('devices.releaseLabel', { id: a.allocationId }), () => release(a.allocationId)),
              ' ',
              button(t('devices.extend'), t('devices.extendLabel', { id: a.allocationId }), () => pickExtension(a.allocationId)))
          : '',
    ]);

  /** The active allocations are the ones the extend form offers. */
  function offerExtension(list) {
    const select = $('extend-allocationId');
    const chosen = select.value;
    select.replaceChildren(
      ...list.items
        .filter((a) => a.status === 'active')
        .map((a) => window.Keel.el('option', { value: a.allocationId, text: short(a.allocationId) + ' · ' + a.deviceId })),
    );
    if (chosen) select.value = chosen;
    return list;
  }

  function pickExtension(allocationId) {
    $('extend-allocationId').value = allocationId;
    $('extend-minutes').focus();
  }

  forms.onSubmit($('extend-form'), null, async (values) => {
    const r = await tenantApi('POST', '/api/scheduler/allocations/' + (values.allocationId || '') + '/extend', { minutes: num(values.minutes) });
    forms.say($('extend-form'), t('devices.extended', { expiresAt: date(r.expiresAt), extra: yuan(r.extraHoldFen) }));
    await load();
  });

  const loadUsage = () =>
    loadTable('usage', () => tenantApi('GET', '/api/billing/usage?pageSize=50'), [
      (u) => short(u.allocationId),
      (u) => who(u.userId),
      (u) => u.cpuCores + ' vCPU / ' + u.memoryMB + ' MB / ' + u.storageMB + ' MB',
      (u) => u.durationSeconds,
      (u) => yuan(u.chargeFen),
      (u) => date(u.recordedAt),
    ]);

  /** A platform administrator has no wallet of their own: the balance card is a member's. */
  function showOwnWallet() {
    $('balance-card').hidden = !member();
    return !!member();
  }

  async function loadBalance() {
    const cells = ['balance-fen', 'balance-topups', 'balance-charged', 'balance-held'];
    if (!showOwnWallet()) return;
    try {
      const b = await tenantApi('GET', '/api/billing/balance');
      $('balance-fen').textContent = yuan(b.balanceFen);
      $('balance-topups').textContent = yuan(b.topUpTotalFen);
      $('balance-charged').textContent = yuan(b.chargedTotalFen) + ' (' + b.chargeCount + ')';
      $('balance-held').textContent = yuan(b.heldFen) + ' / ' + yuan(b.availableFen);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      for (const id of cells) $(id).textContent = '–';
    }
  }

  async function loadWallets() {
    try {
      const list = await tenantApi('GET', '/api/billing/wallets?pageSize=200');
      $('wallets-card').hidden = false;
      fill(
        'wallets',
        list.items,
        [(w) => who(w.userId), (w) => yuan(w.balanceFen), (w) => yuan(w.topUpTotalFen), (w) => yuan(w.chargedTotalFen), (w) => w.chargeCount],
        list.total,
      );
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      $('wallets-card').hidden = true;
    }
  }

  async function release(allocationId) {
    const status = $('release-status');
    try {
      const r = await tenantApi('POST', '/api/scheduler/devices/release', { allocationId });
      say(status, t('devices.released', { id: short(allocationId), seconds: r.durationSeconds }));
      await load();
      // The charge is written by billing a moment after the release: look again shortly.
      setTimeout(load, 1500);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(status, errorText(err), 'error');
    }
  }

  forms.onSubmit($('allocate-form'), t('devices.allocating'), async (values) => {
    const body = { durationMinutes: num(values.durationMinutes) };
    if (values.cpuCores) body.cpuCores = num(values.cpuCores);
    if (values.memoryMB) body.memoryMB = num(values.memoryMB);
    if (values.strategy) body.strategy = values.strategy;
    const a = await tenantApi('POST', '/api/scheduler/devices/allocate', body);
    forms.say($('allocate-form'), t('devices.allocated', { deviceId: a.deviceId, nodeId: a.nodeId, expiresAt: date(a.expiresAt) }));
    await load();
  });

  forms.onSubmit($('topup-form'), t('devices.toppingUp'), async (values) => {
    const b = await tenantApi('POST', '/api/billing/top-up', { userId: values.userId || '', amountFen: num(values.amountFen) });
    forms.say($('topup-form'), t('devices.toppedUp', { member: who(b.userId), balance: yuan(b.balanceFen) }));
    $('topup-form').reset();
    await load();
  });

  // A member works in their company (or the one the address names); an administrator names one.
  Member.start(() => {
    $('company-chooser').hidden = !!member();
    code = Member.tenant() || (member() ? '' : localStorage.getItem('keel.devices.code') || '');
    $('company-code').value = code;
    showOwnWallet();
    if (code) load();
  });
})();
`;
