/**
 * /static/platform/tasks.js: the scheduled tasks (GET /api/admin/tasks) with their schedule, next run
 * and last result, "run now" (POST /api/admin/tasks/{name}/run, which answers once the run is over),
 * and the run history (GET /api/admin/tasks/history) with failed runs marked in words and colour.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const TASKS_JS = String.raw`'use strict';
(() => {
  const { $, t, lang, api, ApiError, errorText, say, el, time, listQuery, filter } = window.Keel;
  const { badge, rows, pager, details } = window.P;
  const state = { page: 1, pageSize: 20, task: '', status: '' };
  const statusLine = $('tasks-status-line');
  const seconds = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });

  const nameOf = (task) => (t('task.' + task) === 'task.' + task ? task : t('task.' + task));
  const result = (status) => badge('task', status, t('task.' + status));

  /** A run's outcome: its badge, and for a failed run its error in words a reader sees beside it. */
  const outcome = (run) =>
    run.status === 'failed' ? [result(run.status), ' ', el('span', { class: 'run-error', text: run.error || '' })] : result(run.status);

  async function loadTasks() {
    const tasks = await api('GET', '/api/admin/tasks');
    rows($('tasks-rows'), tasks, [
      { class: 'name', value: (task) => el('span', { title: task.description, text: nameOf(task.name) }) },
      (task) => [el('code', { text: task.cron }), ' · ' + task.timezone],
      (task) => time(task.nextRunAt, true),
      (task) => (task.lastRun ? [outcome(task.lastRun), ' ', time(task.lastRun.startedAt, true)] : t('tasks.never')),
      (task) =>
        el('button', {
          type: 'button',
          'data-task': task.name,
          disabled: task.running,
          text: task.running ? t('tasks.busy') : t('tasks.run'),
          'aria-label': t('tasks.runLabel', { task: nameOf(task.name) }),
          onclick: () => run(task.name),
        }),
    ]);
  }

  const renderPager = pager('history', state, () => loadHistory());

  async function loadHistory() {
    const list = await api('GET', '/api/admin/tasks/history?' + listQuery(state));
    rows($('history-rows'), list.items, [
      { class: 'name', value: (r) => nameOf(r.task) },
      (r) => t('tasks.trigger.' + r.trigger),
      (r) => time(r.startedAt, true),
      (r) => (r.durationMs == null ? '—' : t('tasks.duration', { seconds: seconds.format(r.durationMs / 1000) })),
      outcome,
      { class: 'name', value: (r) => (r.status === 'failed' ? '' : details(r.result, 'task.result.')) },
    ]);
    // A failed run's row is marked for the eye as well; the badge and the error say it in words.
    list.items.forEach((r, i) => $('history-rows').rows[i].classList.toggle('run-failed', r.status === 'failed'));
    renderPager(list);
  }

  async function run(name) {
    say(statusLine, t('tasks.running', { task: nameOf(name) }));
    const button = document.querySelector('button[data-task="' + name + '"]');
    if (button) button.disabled = true;
    try {
      const answer = await api('POST', '/api/admin/tasks/' + encodeURIComponent(name) + '/run');
      if (answer.status === 'failed') say(statusLine, t('tasks.ranFailed', { task: nameOf(name), error: answer.error || '' }), 'error');
      else say(statusLine, t('tasks.ran', { task: nameOf(name), status: t('task.' + answer.status) }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(statusLine, errorText(err), 'error');
    }
    state.page = 1;
    await Promise.all([loadTasks(), loadHistory()]);
  }

  filter($('history-filter'), state, loadHistory);

  window.P.requireAdmin(() =>
    Promise.all([loadTasks(), loadHistory()]).catch((err) => {
      if (!(err instanceof ApiError)) throw err;
      say(statusLine, errorText(err), 'error');
    }),
  );
})();
`;
