/**
 * The administrators' certification queue script, served under /static/legal/ (see assets.ts for the
 * marketplace's own pages).
 */

/** /static/legal/certifications.js: the administrators' certification queue. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const CERTIFICATIONS_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { $, t, el, time, rows, say, errorText, api, listQuery, filter, pager, session } = K;
  const { badge } = window.L;
  const state = { page: 1, pageSize: 20, status: 'pending' };
  const line = $('certs-status-line');
  const renderPager = pager({ summary: 'certs-summary', prev: 'certs-prev', next: 'certs-next' }, 'legal.certs.summary', state, () => load());

  async function openFile(c) {
    const s = session.get();
    const res = await fetch('/api/admin/lawyer-certifications/' + c.id + '/file', { headers: { authorization: 'Bearer ' + (s && s.token) } });
    if (!res.ok) return say(line, errorText(new K.ApiError(res.status, await res.json().catch(() => null))), 'error');
    const url = URL.createObjectURL(await res.blob());
    const a = el('a', { href: url, target: '_blank', rel: 'noopener' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  async function decide(c, action, body) {
    try {
      await api('POST', '/api/admin/lawyer-certifications/' + c.id + '/' + action, body);
      say(line, t(action === 'approve' ? 'legal.certs.approved' : 'legal.certs.rejected', { name: c.lawyerName }));
      await load();
    } catch (err) {
      if (!(err instanceof K.ApiError)) throw err;
      say(line, errorText(err), 'error');
    }
  }

  function actions(c) {
    const file = el('button', { type: 'button', text: t('legal.certs.file'), 'aria-label': t('legal.certs.file') + ' ' + c.lawyerName, onclick: () => openFile(c) });
    if (c.status !== 'pending') return [file, c.reason ? ' ' + c.reason : ''];
    const id = 'reason-' + c.id;
    const reason = el('input', { id, type: 'text', maxlength: '500' });
    return el('span', { class: 'inline' },
      file,
      el('button', { type: 'button', class: 'primary', text: t('legal.certs.approve'), 'aria-label': t('legal.certs.approve') + ' ' + c.lawyerName, onclick: () => decide(c, 'approve') }),
      el('label', { for: id, class: 'visually-hidden', text: t('legal.certs.reason') + ' ' + c.lawyerName }),
      reason,
      el('button', { type: 'button', text: t('legal.certs.reject'), 'aria-label': t('legal.certs.reject') + ' ' + c.lawyerName, onclick: () => decide(c, 'reject', { reason: reason.value.trim() }) }));
  }

  async function load() {
    const notices = await api('GET', '/api/admin/legal/notices');
    $('legal-notices').textContent = t('legal.notices', notices);
    const list = await api('GET', '/api/admin/lawyer-certifications?' + listQuery(state));
    rows($('certs-rows'), list.items, [
      { class: 'name', value: (c) => c.lawyerName + ' · ' + c.email },
      { class: 'code', value: (c) => c.licenseNumber },
      (c) => c.lawFirm,
      (c) => c.practiceAreas.map((a) => t('area.' + a)).join('、'),
      (c) => time(c.submittedAt, true),
      (c) => badge('legal.certStatus', c.status),
      actions,
    ], { empty: t('legal.certs.empty') });
    renderPager(list);
  }

  filter($('certs-filter'), state, load);
  K.gate($('app'), $('need-login'), () => load().catch((err) => say(line, errorText(err), 'error')), (s) => s && s.kind !== 'user');
})();
`;
