import type { Child } from 'hono/jsx';
import { type Lang, strings } from './i18n';

/**
 * The pieces the console's pages are built of, whatever module they belong to: cards, forms and
 * their fields, list tables with their pagers. Ids follow the conventions the browser scripts
 * (core.js and the modules' own) look for: a field is `#{form}-{name}`, a table `#{id}-table` with
 * its rows in `#{id}-rows`.
 */

/** A status line (an aria-live region) the scripts write to: a form's own, or one of the page's. */
export function FormStatus(props: { id?: string }) {
  return <p class="form-status" id={props.id} role="status" aria-live="polite" />;
}

/**
 * A `<section class="card">` named by its heading (`h2`, or `h1` for a card that is the page's main
 * content). `focus`: the script moves focus to the heading; `hiddenHeading`: for screen readers only.
 */
export function Card(props: {
  heading: Child;
  headingId: string;
  h1?: boolean;
  hiddenHeading?: boolean;
  focus?: boolean;
  id?: string;
  class?: string;
  hidden?: boolean;
  children?: Child;
}) {
  const Heading = props.h1 ? 'h1' : 'h2';
  return (
    <section
      id={props.id}
      class={props.class ? `card ${props.class}` : 'card'}
      aria-labelledby={props.headingId}
      hidden={props.hidden}
    >
      <Heading
        id={props.headingId}
        class={props.hiddenHeading ? 'visually-hidden' : undefined}
        tabindex={props.focus ? -1 : undefined}
      >
        {props.heading}
      </Heading>
      {props.children}
    </section>
  );
}

/**
 * A form its script submits through `Keel.forms.onSubmit`: the fields, the submit button (primary
 * unless `plain`), what comes `after` it (a cancel button, say) and the form's status line.
 */
export function Form(props: {
  id: string;
  submit: string;
  plain?: boolean;
  class?: string;
  hidden?: boolean;
  /**
   * For credentials: the button stays disabled until the page's script takes the form over
   * (`Keel.forms.onSubmit` enables it), and the form posts, so a press before that never puts what
   * was typed into the address bar.
   */
  secret?: boolean;
  after?: Child;
  children?: Child;
}) {
  return (
    <form
      id={props.id}
      class={props.class}
      novalidate
      hidden={props.hidden}
      method={props.secret ? 'post' : undefined}
    >
      {props.children}
      <button type="submit" class={props.plain ? undefined : 'primary'} disabled={props.secret}>
        {props.submit}
      </button>
      {props.after && [' ', props.after]}
      <FormStatus />
    </form>
  );
}

/**
 * A login form `#{form}-form` with its username and password fields; the password's label and the
 * button's text are the console's unless given.
 */
export function LoginForm(props: {
  lang: Lang;
  form: string;
  username: string;
  password?: string;
  submit?: string;
}) {
  const s = strings(props.lang);
  return (
    <Form id={`${props.form}-form`} submit={props.submit ?? s['login.submit']} secret>
      <Field form={props.form} name="username" label={props.username} autocomplete="username" required />
      <Field
        form={props.form}
        name="password"
        label={props.password ?? s['login.password']}
        type="password"
        autocomplete="current-password"
        untrimmed
        required
      />
    </Form>
  );
}

interface FieldProps {
  /** The form's id; the input's id is `${form}-${name}`. */
  form: string;
  /** The body field it fills: server errors for `body.<name>` are shown under it. */
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
}

/**
 * A labelled input with an optional hint and a slot for its error (`data-error-for`);
 * core.js trims its value unless `untrimmed`.
 */
export function Field(
  props: FieldProps & { type?: string; autocomplete?: string; untrimmed?: boolean; accept?: string },
) {
  const { form, name, hint, type = 'text' } = props;
  const id = `${form}-${name}`;
  return (
    <FieldFrame {...props}>
      <input
        id={id}
        name={name}
        type={type}
        accept={props.accept}
        autocomplete={props.autocomplete ?? 'off'}
        required={props.required}
        data-raw={props.untrimmed}
        aria-describedby={describedBy(id, hint)}
      />
    </FieldFrame>
  );
}

/** A labelled `<select>`; `options` are [value, label] pairs, the first one selected. */
export function SelectField(props: FieldProps & { options: [string, string][] }) {
  const { form, name, hint } = props;
  const id = `${form}-${name}`;
  return (
    <FieldFrame {...props}>
      <select id={id} name={name} required={props.required} aria-describedby={describedBy(id, hint)}>
        <Options options={props.options} />
      </select>
    </FieldFrame>
  );
}

/** A labelled `<textarea>` of `rows` lines. */
export function TextareaField(props: FieldProps & { rows: number }) {
  const { form, name, hint } = props;
  const id = `${form}-${name}`;
  return (
    <FieldFrame {...props}>
      <textarea
        id={id}
        name={name}
        rows={props.rows}
        required={props.required}
        aria-describedby={describedBy(id, hint)}
      />
    </FieldFrame>
  );
}

const describedBy = (id: string, hint?: string) => (hint ? `${id}-hint ${id}-error` : `${id}-error`);

function FieldFrame(props: FieldProps & { children: Child }) {
  const id = `${props.form}-${props.name}`;
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required && (
          <span class="required" aria-hidden="true">
            {' *'}
          </span>
        )}
      </label>
      {props.children}
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <p class="field-error" id={`${id}-error`} data-error-for={props.name} />
    </div>
  );
}

function Options(props: { options: [string, string][] }) {
  return (
    <>
      {props.options.map(([value, label]) => (
        <option value={value}>{label}</option>
      ))}
    </>
  );
}

/**
 * A labelled search box of a filter form (`form.search`), or a `<select>` of `options`; the list
 * reloads on submit, so it has no error slot.
 */
export function SearchField(props: {
  id: string;
  name: string;
  label: string;
  options?: [string, string][];
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.options ? (
        <select id={props.id} name={props.name}>
          <Options options={props.options} />
        </select>
      ) : (
        <input id={props.id} name={props.name} type="search" autocomplete="off" />
      )}
    </div>
  );
}

/**
 * A list table its script fills: `#{id}-table`, rows in `#{id}-rows`. A column is its label, or
 * [label, class]. With `scrollLabel` the wrapper is a named, focusable region, so that keyboard
 * users can scroll a wide table too.
 */
export function DataTable(props: {
  id: string;
  caption: string;
  columns: (string | [string, string])[];
  scrollLabel?: string;
}) {
  const table = (
    <table id={`${props.id}-table`}>
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((column) =>
            typeof column === 'string' ? (
              <th scope="col">{column}</th>
            ) : (
              <th scope="col" class={column[1]}>
                {column[0]}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody id={`${props.id}-rows`} />
    </table>
  );
  return props.scrollLabel ? (
    <section class="table-wrap" aria-label={props.scrollLabel} tabindex={0}>
      {table}
    </section>
  ) : (
    <div class="table-wrap">{table}</div>
  );
}

/**
 * The summary line and the previous and next buttons under a paged list (`Keel.pager` binds them),
 * by the ids given. The nav is named `label` (default: the console's "Pagination"); with `arrows`
 * the buttons show ‹ and › and are named by those two labels.
 */
export function Pager(props: {
  lang: Lang;
  ids: [summary: string, prev: string, next: string];
  label?: string;
  arrows?: [prev: string, next: string];
}) {
  const s = strings(props.lang);
  const [summary, prev, next] = props.ids;
  const arrows = props.arrows;
  return (
    <nav class="pager" aria-label={props.label ?? s['pager.label']}>
      <p id={summary} role="status" aria-live="polite" />
      <div>
        <button type="button" id={prev} aria-label={arrows?.[0]} disabled>
          {arrows ? '‹' : s['pager.prev']}
        </button>
        <button type="button" id={next} aria-label={arrows?.[1]} disabled>
          {arrows ? '›' : s['pager.next']}
        </button>
      </div>
    </nav>
  );
}
