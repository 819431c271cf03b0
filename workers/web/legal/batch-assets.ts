/**
 * /static/legal/batches.js: the user workspace's credits and batch uploads. Plain ES2020 on top of
 * `window.Keel` and `window.L`, in a String.raw template: no backticks, no dollar-brace.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const BATCHES_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { $, t, el, rows, say, errorText, forms, time } = K;
  const { api, upload, fen, workspace } = window.L;

  workspace('user', ({ token }) => {
    const call = (method, path, body) => api(method, path, body, token);
    const status = $('batches-status');
    let shown = null;
    let timer = null;

    async function loadCredits() {
      const c = await call('GET', '/api/legal/users/me/credits');
      const facts = $('credit-facts');
      facts.replaceChildren(
        el('dt', { text: t('batch.credits.weekly') }), el('dd', { id: 'credits-weekly', text: String(c.weeklyRemaining) }),
        el('dt', { text: t('batch.credits.purchased') }), el('dd', { id: 'credits-purchased', text: String(c.purchasedRemaining) }),
        el('dt', { text: t('batch.credits.nextReset') }), el('dd', { text: new Date(c.nextResetAt).toLocaleString() }),
      );
    }

    const fieldName = (field) => (field ? t('batch.field.' + field) : '');
    const problem = (e) => {
      const text = t('batch.rule.' + e.rule);
      return text === 'batch.rule.' + e.rule ? e.message : text;
    };

    function showErrors(rowErrors) {
      rows($('batch-errors-rows'), rowErrors, [
        { class: 'num', value: (e) => String(e.line) },
        (e) => fieldName(e.field),
        problem,
      ], { empty: t('batch.errors.none') });
    }

    function showProgress(b) {
      const p = b.progress;
      const done = b.totalCases - p.queued;
      const bar = $('batch-progress');
      bar.max = Math.max(b.totalCases, 1);
      bar.value = done;
      bar.setAttribute('aria-valuetext', t('batch.progress.label', { done, total: b.totalCases }));
      $('batch-progress-label').textContent = t('batch.progress.label', { done, total: b.totalCases });
      $('batch-counts').textContent = t('batch.progress.counts', p);
    }

    /** Shows one batch and follows it while any of its cases waits to be handed to the dispatcher. */
    async function follow(id) {
      clearTimeout(timer);
      shown = id;
      const b = await call('GET', '/api/legal/batches/' + id);
      if (shown !== id) return;
      $('batch-view').hidden = false;
      showProgress(b);
      showErrors(b.rowErrors);
      if (b.progress.queued > 0) timer = setTimeout(() => follow(id).then(loadList).catch(() => {}), 1000);
    }

    const progressText = (b) => t('batch.progress.label', { done: b.totalCases - b.progress.queued, total: b.totalCases });

    async function loadList() {
      const list = await call('GET', '/api/legal/batches?pageSize=50');
      rows($('batches-rows'), list.items, [
        (b) => time(b.createdAt, true),
        { class: 'name', value: (b) => b.fileName },
        { class: 'num', value: (b) => String(b.totalCases) },
        { class: 'num', value: (b) => String(b.rowErrorCount) },
        progressText,
        (b) => el('button', { type: 'button', text: t('batch.list.show'), 'aria-label': t('batch.list.show') + ' ' + b.fileName, onclick: () => follow(b.id).catch((err) => say(status, errorText(err), 'error')) }),
      ], { empty: t('batch.list.empty') });
    }

    const load = () => Promise.all([loadCredits(), loadList()]);

    const buy = $('credits-form');
    forms.onSubmit(buy, t('batch.buy.busy'), async (values) => {
      const count = Number(values.count);
      const answer = await call('POST', '/api/legal/users/me/credits/purchase', { count: values.count === undefined || Number.isNaN(count) ? values.count : count });
      buy.reset();
      forms.say(buy, t('batch.buy.done', { id: answer.id, amount: fen(answer.amountFen) }));
      await loadCredits();
    });

    const form = $('batch-form');
    forms.onSubmit(form, t('batch.upload.busy'), async () => {
      const data = new FormData();
      const file = form.elements.file.files[0];
      if (file) data.set('file', file, file.name);
      let answer;
      try {
        answer = await upload('/api/legal/batches', data, token);
      } catch (err) {
        if (err.status === 402 && err.details) {
          err.message = t('batch.upload.noCredit', { weekly: err.details.weeklyRemaining, purchased: err.details.purchasedRemaining });
        }
        if (err.details && Array.isArray(err.details.rowErrors)) {
          $('batch-view').hidden = false;
          showErrors(err.details.rowErrors);
        }
        throw err;
      }
      form.reset();
      forms.say(form, t('batch.upload.done', {
        cases: answer.totalCases,
        credits: answer.creditsUsed,
        revenue: fen(answer.estimatedRevenueFen),
        errors: new Set(answer.rowErrors.map((e) => e.line)).size,
      }));
      await load();
      await follow(answer.batchId);
    });

    load().catch((err) => say(status, errorText(err), 'error'));
  });
})();
`;
