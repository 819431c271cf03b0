import { DEVICES_COMMON_JS } from './common';

/**
 * /static/devices/admin.js: the platform admin's `/nodes` and `/billing-ops` pages (which one is in
 * `#admin-view[data-page]`). Needs the admin session from the console's home page.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const DEVICES_ADMIN_JS = String.raw`'use strict';
(() => {
${DEVICES_COMMON_JS}
  const view = $('admin-view');
  const page = view.dataset.page;


  const loadNodes = () =>
    loadTable('nodes', () => api('GET', '/api/admin/nodes?pageSize=200'), [
      (n) => n.nodeId,
      (n) => n.region,
      (n) => n.devices.available + ' / ' + n.devices.total,
      (n) => n.devices.allocated,
      (n) => n.devices.maintenance,
      (n) => n.usageOutbox.pending + ' / ' + n.usageOutbox.dead,
      (n) => t('circuit.' + n.circuit),
    ]);

  if (page === 'nodes') {
    forms.onSubmit($('register-form'), t('nodes.registering'), async (values) => {
      const body = { nodeId: values.nodeId || '' };
      if (values.region) body.region = values.region;
      const n = await api('POST', '/api/admin/nodes', body);
      forms.say($('register-form'), t('nodes.registered', { nodeId: n.nodeId }));
      $('add-nodeId').value = n.nodeId;
      $('register-form').reset();
      await loadNodes();
    });
    forms.onSubmit($('add-form'), t('nodes.adding'), async (values) => {
      const body = { cpuCores: num(values.cpuCores), memoryMB: num(values.memoryMB), storageMB: num(values.storageMB) };
      if (values.count) body.count = num(values.count);
      const added = await api('POST', '/api/admin/nodes/' + encodeURIComponent(values.nodeId || '') + '/devices', body);
      forms.say($('add-form'), t('nodes.added', { nodeId: values.nodeId, count: added.items.length }));
      await loadNodes();
    });
  }


  const reportColumns = (last) => [
    (r) => short(r.id),
    (r) => r.nodeId,
    (r) => short(r.allocationId),
    (r) => r.tenantCode,
    (r) => r.attempts,
    (r) => r.lastError,
    last,
  ];

  const loadOps = () =>
    Promise.all([
      loadTable(
        'dead',
        () => api('GET', '/api/admin/billing/dead-letters?pageSize=200'),
        reportColumns((r) =>
          button(t('ops.requeue'), t('ops.requeueLabel', { id: r.id }), async () => {
            try {
              const a = await api('POST', '/api/admin/billing/dead-letters/' + encodeURIComponent(r.id) + '/requeue?nodeId=' + encodeURIComponent(r.nodeId));
              say($('requeue-status'), t('ops.requeued', { id: short(r.id), status: a.status }));
            } catch (err) {
              if (!(err instanceof ApiError)) throw err;
              say($('requeue-status'), errorText(err), 'error');
            }
            await loadOps();
          }),
        ),
      ),
      loadTable('outbox', () => api('GET', '/api/admin/billing/outbox?pageSize=200'), reportColumns((r) => date(r.nextAttemptAt))),
    ]);

  if (page === 'billing-ops') {
    $('ops-refresh').addEventListener('click', loadOps);
    $('requeue-all').addEventListener('click', async () => {
      try {
        const a = await api('POST', '/api/admin/billing/requeue-dead-letters');
        say($('requeue-status'), t('ops.requeuedAll', { count: a.requeued }));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        say($('requeue-status'), errorText(err), 'error');
      }
      await loadOps();
    });
  }

  gate(view, $('need-admin'), page === 'nodes' ? loadNodes : loadOps, (s) => s && s.role);
})();
`;
