/** /static/platform/platform.css: what the platform pages add to the console's stylesheet. Text stays ≥ 4.5:1. */
export const PLATFORM_CSS = `
.muted { color: var(--muted); }
.spaced { margin-top: 1.5rem; }
.narrow-wide { max-width: 40rem; }
.columns.even { grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); margin-top: 1.5rem; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; margin: 0; }
.stat { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
.stat dt { font-size: .85rem; color: var(--muted); }
.stat dd { margin: .25rem 0 0; font-size: 1.4rem; font-weight: 700; }
.chart-box { overflow-x: auto; }
svg.chart { max-width: 100%; height: auto; font-size: 13px; }
svg.chart text { fill: var(--ink); }
svg.chart .bar { fill: var(--accent); }
svg.chart .grid { stroke: var(--line); }
svg.chart .axis { stroke: var(--muted); }
svg.chart .tick { font-size: 11px; fill: var(--muted); }
svg.chart .axis-title { font-size: 12px; font-weight: 600; fill: var(--muted); }
.chart-total { margin: .25rem 0 1rem; font-weight: 600; }
dl.details { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .1rem .75rem; margin: 0; font-size: .85rem; white-space: normal; }
dl.details dt { color: var(--muted); }
dl.details dd { margin: 0; word-break: break-word; }
tr.run-failed { background: #fef2f2; }
tr.run-failed:hover { background: #fee2e2; }
.run-error { color: var(--error); font-weight: 600; white-space: normal; }
.badge-task-running { background: #e0f2fe; color: #075985; }
.badge-task-succeeded { background: #dcfce7; color: #166534; }
.badge-task-failed { background: #b91c1c; color: #fff; }
.badge-task-skipped { background: #e5e7eb; color: #374151; }
.badge-task-retried { background: #fef3c7; color: #92400e; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.actions { display: flex; gap: .4rem; flex-wrap: wrap; }
.actions button { padding: .25rem .6rem; font-size: .85rem; }
form.inline { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-top: 1rem; }
form.inline .field { margin: 0; min-width: 12rem; }
.field.check { display: flex; gap: .5rem; align-items: center; }
.field.check input { width: auto; }
.field.check label { margin: 0; font-weight: 500; }
textarea { width: 100%; font: inherit; color: var(--ink); padding: .45rem .6rem; border: 1px solid #6b7280; border-radius: 6px; }
pre.mail-text { white-space: pre-wrap; font-family: inherit; margin: .5rem 0 0; }
.badge-invoice-pending, .badge-mail-queued, .badge-membership-pending { background: #e0f2fe; color: #075985; }
.badge-invoice-paid, .badge-mail-sent, .badge-account-active, .badge-membership-active, .badge-status-active { background: #dcfce7; color: #166534; }
.badge-invoice-overdue, .badge-mail-dead, .badge-account-disabled, .badge-membership-disabled, .badge-status-expired { background: #fee2e2; color: #991b1b; }
.badge-invoice-cancelled, .badge-status-cancelled { background: #e5e7eb; color: #374151; }
.badge-status-trial { background: #e0f2fe; color: #075985; }
.badge-status-suspended { background: #fef3c7; color: #92400e; }
.wizard { max-width: 40rem; margin: 1rem auto; }
.steps { display: flex; gap: .5rem; padding: 0; margin: 0 0 1.25rem; list-style: none; counter-reset: step; flex-wrap: wrap; }
.steps li { counter-increment: step; padding: .3rem .75rem; border-radius: 999px; background: #e5e7eb; color: #374151; font-size: .9rem; }
.steps li::before { content: counter(step) ". "; }
.steps li.done { background: #dcfce7; color: #166534; }
.steps li[aria-current] { background: var(--accent); color: #fff; font-weight: 600; }
a.button { display: inline-block; padding: .45rem 1rem; border-radius: 6px; text-decoration: none; }
a.button.primary { background: var(--accent); color: #fff; font-weight: 600; }
ul.oauth, ul.companies { padding-left: 1.25rem; }
.oauth-heading { margin-top: 1.5rem; padding-top: 1rem; border-top: 1px solid var(--line); }
ul.companies li { margin: .35rem 0; }
`;
