/** The console's one stylesheet, served as /static/console/console.css. Colours keep text at ≥ 4.5:1. */
export const CONSOLE_CSS = `
:root {
  --ink: #111827; --muted: #4b5563; --line: #d1d5db; --page: #f3f4f6; --card: #ffffff;
  --accent: #1d4ed8; --accent-dark: #1e3a8a; --bar: #0f172a; --bar-ink: #e5e7eb;
  --error: #b91c1c; --ok: #166534; --focus: #1d4ed8; --focus-on-dark: #fbbf24;
  font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  font-size: 16px; line-height: 1.5; color: var(--ink); background: var(--page);
}
* { box-sizing: border-box; }
body { margin: 0; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.15rem; margin: 0 0 .75rem; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.top :focus-visible { outline-color: var(--focus-on-dark); }
main:focus, h1:focus { outline: none; }
[hidden] { display: none !important; }

.skip-link { position: absolute; left: .5rem; top: -3rem; padding: .5rem .75rem; background: var(--card); color: var(--accent); z-index: 10; }
.skip-link:focus { top: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .75rem 1.5rem; background: var(--bar); color: var(--bar-ink); }
.top a { color: var(--bar-ink); text-decoration: none; }
.top a:hover { text-decoration: underline; }
.brand { font-weight: 700; font-size: 1.1rem; color: #fff !important; }
.top ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: 0; list-style: none; }
.top li { white-space: nowrap; }
.top nav { flex: 1; }
.top a[aria-current] { color: #fff; font-weight: 600; border-bottom: 2px solid var(--focus-on-dark); }
.langs { font-size: .9rem; }
.session { display: flex; align-items: center; gap: .75rem; font-size: .9rem; }
.session button { background: transparent; color: var(--bar-ink); border: 1px solid #9ca3af; }
.session button:hover { background: #1f2937; }

main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem 1.5rem; }
.narrow { max-width: 26rem; margin: 2rem auto; }
.columns { display: grid; gap: 1.5rem; grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr); align-items: start; }
@media (max-width: 56rem) { .columns { grid-template-columns: 1fr; } }

.field { margin-bottom: 1rem; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
.required { color: var(--error); }
input, select { width: 100%; font: inherit; color: var(--ink); background: #fff; padding: .45rem .6rem; border: 1px solid #6b7280; border-radius: 6px; }
input[aria-invalid="true"] { border-color: var(--error); border-width: 2px; }
.hint, .note { margin: .25rem 0 0; font-size: .875rem; color: var(--muted); }
.note { margin: 0 0 1rem; }
.field-error { margin: .25rem 0 0; font-size: .875rem; color: var(--error); font-weight: 600; }
.field-error:empty, .form-status:empty { display: none; }
.form-status { margin: 1rem 0 0; padding: .5rem .75rem; border-radius: 6px; background: #ecfdf5; color: var(--ok); }
.form-status[data-kind="error"] { background: #fef2f2; color: var(--error); }

button { font: inherit; cursor: pointer; padding: .45rem 1rem; border-radius: 6px; border: 1px solid var(--line); background: #fff; color: var(--ink); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
button.primary:hover { background: var(--accent-dark); }
button:disabled { cursor: not-allowed; opacity: .7; }

.search { display: flex; gap: .5rem; align-items: end; margin-bottom: 1rem; }
.search .field { flex: 1; margin: 0; }
.search + .hint { margin: -.75rem 0 1rem; }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: .95rem; }
th, td { text-align: left; padding: .55rem .6rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { font-weight: 600; color: var(--muted); font-size: .85rem; }
td.name { white-space: normal; }
td.code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
tbody tr:hover { background: #f9fafb; }
.badge { display: inline-block; padding: .1rem .55rem; border-radius: 999px; font-size: .8rem; font-weight: 600; }
.badge-trial { background: #e0f2fe; color: #075985; }
.badge-active { background: #dcfce7; color: #166534; }
.badge-suspended { background: #fef3c7; color: #92400e; }
.badge-expired { background: #fee2e2; color: #991b1b; }
.badge-cancelled { background: #e5e7eb; color: #374151; }
.pager { display: flex; align-items: center; justify-content: space-between; gap: 1rem; margin-top: 1rem; }
.pager p { margin: 0; color: var(--muted); font-size: .9rem; }
.pager div { display: flex; gap: .5rem; }
dialog.confirm { max-width: 28rem; border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem 1.5rem; color: var(--ink); }
dialog.confirm::backdrop { background: rgb(17 24 39 / .45); }
.confirm-buttons { display: flex; gap: .5rem; justify-content: flex-end; margin-top: 1rem; }
button.destructive { background: var(--error); border-color: var(--error); color: #fff; font-weight: 600; }
`;
