/**
 * The batch pages' scripts: /static/legal/batch-view.js (`window.LegalBatches`, shared), batches.js
 * (the user workspace: credits and uploads) and company-batches.js (a company's batches in the member
 * console, with drafts). Plain ES2020 on top of `window.Keel` and `window.L`, in String.raw templates:
 * no backticks, no dollar-brace.
 */

/**
 * `LegalBatches.view(call, options)`: the batch list, one batch's progress, row errors and cases a page
 * at a time, followed while any case waits to be handed over. `options.draft(kase, kind, button)`, where
 * given, adds a button per document kind to each case. Answers `{ follow, loadList, showErrors, uploads }`;
 * `uploads(done, after)` sends #batch-form's file through `call` as multipart, says `done(answer, rows
 * refused)` in the form and shows the new batch after `after()`; a refusal (402 with what is left, 4xx naming the field
 * or the rows) is said in the form's live region.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const BATCH_VIEW_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { $, t, el, rows, say, errorText, time } = K;
  const { fen } = window.L;
  const KINDS = ['demand_letter', 'case_summary'];

  function view(call, options) {
    const o = options || {};
    const status = $('batches-status');
    const casesStatus = $('batch-cases-status');
    const cases = { page: 1, pageSize: 20 };
    let shown = null;
    let timer = null;

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

    function standing(c) {
      const parts = [t('batch.cases.status.' + c.status)];
      if (c.outcome) parts.push(t('batch.cases.outcome.' + c.outcome));
      if (c.recoveredFen > 0) parts.push(t('batch.cases.recovered', { amount: fen(c.recoveredFen) }));
      const text = [el('span', { text: parts.join(' · ') })];
      if (c.slaBreachedAt) text.push(' ', el('span', { class: 'sla-late', text: t('batch.cases.sla', { due: time(c.slaDueAt, true) }) }));
      return text;
    }

    const draftButtons = (c) => KINDS.map((kind) => el('button', {
      type: 'button',
      text: t('batch.draft.' + kind),
      'aria-label': t('batch.draft.for', { kind: t('batch.draft.' + kind), line: c.line, debtor: c.debtorName }),
      onclick: (event) => o.draft(c, kind, event.currentTarget),
    }));

    const renderPager = K.pager({ summary: 'batch-cases-summary', prev: 'batch-cases-prev', next: 'batch-cases-next' }, 'batch.cases.summary', cases, () => loadCases(shown).catch((err) => say(casesStatus, errorText(err), 'error')));

    async function loadCases(id) {
      const list = await call('GET', '/api/legal/batches/' + id + '/cases?page=' + cases.page + '&pageSize=' + cases.pageSize);
      if (shown !== id) return;
      const columns = [
        { class: 'num', value: (c) => String(c.line) },
        { class: 'name', value: (c) => el('code', { text: c.id }) },
        (c) => c.debtorName,
        { class: 'num', value: (c) => fen(c.amountFen) },
        standing,
      ];
      if (o.draft) columns.push((c) => el('span', { class: 'actions' }, ...draftButtons(c)));
      rows($('batch-cases-rows'), list.items, columns, { empty: t('batch.cases.empty') });
      renderPager(list);
    }

    /** Shows one batch and follows it while any of its cases waits to be handed to the dispatcher. */
    async function follow(id) {
      clearTimeout(timer);
      if (shown !== id) cases.page = 1;
      shown = id;
      const b = await call('GET', '/api/legal/batches/' + id);
      if (shown !== id) return;
      $('batch-view').hidden = false;
      showProgress(b);
      showErrors(b.rowErrors);
      await loadCases(id);
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

    function uploads(done, after) {
      const form = $('batch-form');
      K.forms.onSubmit(form, t('batch.upload.busy'), async () => {
        const data = new FormData();
        const file = form.elements.file.files[0];
        if (file) data.set('file', file, file.name);
        let answer;
        try {
          answer = await call('POST', '/api/legal/batches', data);
        } catch (err) {
          if (err.details && Array.isArray(err.details.rowErrors)) {
            $('batch-view').hidden = false;
            showErrors(err.details.rowErrors);
          }
          throw err;
        }
        form.reset();
        K.forms.say(form, done(answer, new Set(answer.rowErrors.map((e) => e.line)).size));
        await after();
        await follow(answer.batchId);
      });
    }

    return { follow, loadList, showErrors, uploads, status };
  }

  window.LegalBatches = { view };
})();
`;

// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const BATCHES_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { $, t, el, say, errorText, forms } = K;
  const { api, fen, workspace } = window.L;

  workspace('user', ({ token }) => {
    const call = (method, path, body) => api(method, path, body, token);
    const batches = window.LegalBatches.view(call);

    async function loadCredits() {
      const c = await call('GET', '/api/legal/users/me/credits');
      const facts = $('credit-facts');
      facts.replaceChildren(
        el('dt', { text: t('batch.credits.weekly') }), el('dd', { id: 'credits-weekly', text: String(c.weeklyRemaining) }),
        el('dt', { text: t('batch.credits.purchased') }), el('dd', { id: 'credits-purchased', text: String(c.purchasedRemaining) }),
        el('dt', { text: t('batch.credits.nextReset') }), el('dd', { text: new Date(c.nextResetAt).toLocaleString() }),
      );
    }

    const load = () => Promise.all([loadCredits(), batches.loadList()]);

    const buy = $('credits-form');
    forms.onSubmit(buy, t('batch.buy.busy'), async (values) => {
      const count = Number(values.count);
      const answer = await call('POST', '/api/legal/users/me/credits/purchase', { count: values.count === undefined || Number.isNaN(count) ? values.count : count });
      buy.reset();
      forms.say(buy, t('batch.buy.done', { id: answer.id, amount: fen(answer.amountFen) }));
      await loadCredits();
    });

    batches.uploads((answer, errors) => t('batch.upload.done', {
      cases: answer.totalCases,
      credits: answer.creditsUsed,
      revenue: fen(answer.estimatedRevenueFen),
      errors,
    }), load);

    load().catch((err) => say(batches.status, errorText(err), 'error'));
  });
})();
`;

/**
 * A company's batches (GET /api/legal/batches under the member's company), their upload (POST, from the
 * month's case allowance, whose remainder the answer says), with a draft per case
 * (POST /api/legal/enterprise/documents): the document shown, or the refusal with its cost and the
 * credits left; the credits left (GET /api/legal/enterprise) follow each draft.
 */
export const COMPANY_BATCHES_JS = String.raw`'use strict';
(() => {
  const { $, t, say, errorText, ApiError } = window.Keel;
  const Member = window.Member;
  const status = $('company-batches-status');
  const casesStatus = $('batch-cases-status');

  async function loadCredits() {
    const account = await Member.api('GET', '/api/legal/enterprise');
    $('company-credits').textContent = account.package
      ? t('batch.company.credits', { remaining: account.aiCreditsRemaining, included: account.aiCreditsIncluded })
      : t('batch.company.noPackage');
  }

  async function draft(kase, kind, button) {
    const name = t('batch.draft.' + kind);
    button.disabled = true;
    say(casesStatus, t('batch.draft.busy', { kind: name }), 'busy');
    try {
      const answer = await Member.api('POST', '/api/legal/enterprise/documents', { caseId: kase.id, kind });
      const d = answer.document;
      $('batch-draft-text').textContent = d.title + '\n' + d.header + '\n\n' + d.body;
      $('batch-draft').hidden = false;
      $('batch-draft').scrollIntoView({ block: 'nearest' });
      say(casesStatus, t('batch.draft.done', Object.assign({ kind: name }, answer.credits)), 'ok');
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(casesStatus, errorText(err), 'error');
    } finally {
      button.disabled = false;
    }
    await loadCredits().catch(() => {});
  }

  Member.start(() => {
    const batches = window.LegalBatches.view(Member.api, { draft });
    batches.uploads((answer, errors) => t('batch.company.uploaded', Object.assign({ cases: answer.totalCases, errors }, answer.allowance)), batches.loadList);
    Promise.all([loadCredits(), batches.loadList()]).catch((err) => say(status, errorText(err), 'error'));
  });
})();
`;
