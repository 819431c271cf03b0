import { DEVICES_COMMON_JS } from './common';

/**
 * /static/devices/tenant.js: the `/devices` page. Without a session it offers the member login
 * (POST /api/auth/login); with one it shows the company's allocations, the caller's balance and usage,
 * and the allocate, release and top-up actions — all through `/t/{code}/api/...`.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const DEVICES_TENANT_JS = String.raw`'use strict';
(() => {
${DEVICES_COMMON_JS}
  const loginView = $('user-login-view');
  const view = $('devices-view');
  let code = '';

  const tenantApi = (method, path, body) => api(method, '/t/' + encodeURIComponent(code) + path, body);

  forms.onSubmit($('user-login-form'), t('login.busy'), async (values) => {
    const answer = await api('POST', '/api/auth/login', credentials(values));
    code = answer.currentCompany ? answer.currentCompany.code : '';
    session.set({
      token: answer.token,
      expiresAt: answer.expiresAt,
      username: answer.user.username,
      kind: 'user',
      userId: answer.user.id,
      currentCompany: answer.currentCompany,
    });
    $('user-login-form').reset();
    $('devices-title').focus();
  });

  $('company-form').addEventListener('submit', (event) => {
    event.preventDefault();
    code = $('company-code').value.trim().toLowerCase();
    localStorage.setItem('keel.devices.code', code);
    load();
  });

  async function load() {
    await Promise.all([loadAllocations(), loadUsage(), loadBalance(), loadWallets()]);
  }

  const loadAllocations = () =>
    loadTable('allocations', () => tenantApi('GET', '/api/scheduler/allocations?pageSize=50'), [
      (a) => short(a.allocationId),
      (a) => a.deviceId,
      (a) => a.nodeId,
      (a) => t('status.' + a.status),
      (a) => date(a.expiresAt),
      (a) => a.durationSeconds,
      (a) => yuan(a.chargeFen),
      (a) =>
        a.status === 'active'
          ? button(t('devices.release'), t('devices.releaseLabel', { id: a.allocationId }), () => release(a.allocationId))
          : '',
    ]);

  const loadUsage = () =>
    loadTable('usage', () => tenantApi('GET', '/api/billing/usage?pageSize=50'), [
      (u) => short(u.allocationId),
      (u) => short(u.userId),
      (u) => u.cpuCores + ' vCPU / ' + u.memoryMB + ' MB / ' + u.storageMB + ' MB',
      (u) => u.durationSeconds,
      (u) => yuan(u.chargeFen),
      (u) => date(u.recordedAt),
    ]);

  /** A platform administrator has no wallet of their own: the balance card is a member's. */
  function showOwnWallet(s) {
    $('balance-card').hidden = !s || s.kind !== 'user';
    return !$('balance-card').hidden;
  }

  async function loadBalance() {
    const s = session.get();
    const cells = ['balance-fen', 'balance-topups', 'balance-charged'];
    if (!showOwnWallet(s)) return;
    try {
      const b = await tenantApi('GET', '/api/billing/balance');
      $('balance-fen').textContent = yuan(b.balanceFen);
      $('balance-topups').textContent = yuan(b.topUpTotalFen);
      $('balance-charged').textContent = yuan(b.chargedTotalFen) + ' (' + b.chargeCount + ')';
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
        [(w) => w.userId, (w) => yuan(w.balanceFen), (w) => yuan(w.topUpTotalFen), (w) => yuan(w.chargedTotalFen), (w) => w.chargeCount],
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
    const b = await tenantApi('POST', '/api/billing/top-up', { userId: values.userId, amountFen: num(values.amountFen) });
    forms.say($('topup-form'), t('devices.toppedUp', { userId: b.userId, balance: yuan(b.balanceFen) }));
    $('topup-form').reset();
    await load();
  });

  gate(view, loginView, () => {
    const s = session.get();
    code = code || (s.currentCompany && s.currentCompany.code) || localStorage.getItem('keel.devices.code') || '';
    $('company-code').value = code;
    showOwnWallet(s);
    if (code) load();
  });
})();
`;
