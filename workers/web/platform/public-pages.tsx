import { Card, Field, Form, FormStatus, LoginForm, TextareaField } from '../components';
import type { Lang } from '../i18n';
import { Frame } from './frame';
import { platformStrings } from './strings';

// The platform's public pages: the 4-step onboarding wizard and the third-party sign-in's landing (the
// user sign-in is the member home's, in ../member/).

export function OnboardingPage({ lang }: { lang: Lang }) {
  const p = platformStrings(lang);
  const steps = [p['wizard.step1'], p['wizard.step2'], p['wizard.step3'], p['wizard.step4']];
  return (
    <Frame lang={lang} title={p['wizard.title']} script="onboarding" path="/onboarding" bare>
      <Card class="wizard" h1 headingId="wizard-title" heading={p['wizard.title']}>
        <ol class="steps" aria-label={p['wizard.steps']}>
          {steps.map((name, i) => (
            <li id={`step-${i + 1}`} data-step={String(i + 1)}>
              {name}
            </li>
          ))}
        </ol>
        <h2 id="step-heading" tabindex={-1}>
          {p['wizard.step1']}
        </h2>
        <FormStatus id="wizard-status" />

        <div id="view-verify" hidden>
          <p id="wizard-company" />
          <button type="button" id="verify-continue" class="primary">
            {p['wizard.continue']}
          </button>
        </div>

        <Form id="view-admin" hidden submit={p['wizard.createAdmin']}>
          <Field
            form="admin"
            name="username"
            label={p['wizard.username']}
            hint={p['wizard.usernameHint']}
            required
            autocomplete="username"
          />
          <p id="username-check" role="status" aria-live="polite" class="hint" />
          <Field form="admin" name="name" label={p['wizard.name']} required autocomplete="name" />
          <Field
            form="admin"
            name="email"
            label={p['wizard.email']}
            type="email"
            required
            autocomplete="email"
          />
          <Field
            form="admin"
            name="password"
            label={p['wizard.password']}
            hint={p['wizard.passwordHint']}
            type="password"
            untrimmed
            required
            autocomplete="new-password"
          />
        </Form>

        <Form
          id="view-basic"
          hidden
          submit={p['wizard.saveBasic']}
          after={
            <button type="button" id="basic-skip">
              {p['wizard.skip']}
            </button>
          }
        >
          <TextareaField form="basic" name="departments" label={p['wizard.departments']} rows={4} />
          <TextareaField form="basic" name="roles" label={p['wizard.roles']} rows={3} />
        </Form>

        <Form id="view-complete" hidden submit={p['wizard.complete']} />

        <div id="view-done" hidden>
          <p id="done-text" />
          <p id="done-login" />
          <p>
            <a id="done-link" class="button primary" href="/login">
              {p['wizard.goLogin']}
            </a>
          </p>
        </div>
      </Card>
    </Frame>
  );
}

/**
 * Where a browser lands after the provider (the OAuth callback, asked for HTML): the callback's answer,
 * or its refusal, rides in `data-answer`; /static/platform/oauth.js signs in, or offers to bind an
 * existing account or create one.
 */
export function OAuthPage({ lang, answer }: { lang: Lang; answer: unknown }) {
  const p = platformStrings(lang);
  return (
    <Frame lang={lang} title={p['oauth.title']} script="oauth" path="/login" bare>
      <Card id="oauth-view" class="narrow" h1 focus headingId="oauth-title" heading={p['oauth.title']}>
        <div id="oauth-answer" data-answer={JSON.stringify(answer)} hidden />
        <p id="oauth-message" role="status" aria-live="polite" />
        <div id="oauth-unbound" hidden>
          <h2>{p['oauth.bindExisting']}</h2>
          <LoginForm lang={lang} form="bind" username={p['oauth.username']} submit={p['oauth.bind']} />
          <h2>{p['oauth.createNew']}</h2>
          <Form id="create-form" submit={p['oauth.create']}>
            <Field
              form="create"
              name="username"
              label={p['oauth.username']}
              autocomplete="username"
              required
            />
            <Field form="create" name="name" label={p['oauth.name']} autocomplete="name" required />
            <Field
              form="create"
              name="email"
              type="email"
              label={p['oauth.email']}
              autocomplete="email"
              required
            />
            <Field
              form="create"
              name="password"
              type="password"
              label={p['oauth.password']}
              autocomplete="new-password"
              untrimmed
              required
            />
          </Form>
        </div>
        <p>
          <a id="oauth-back" href="/login">
            {p['oauth.back']}
          </a>
        </p>
      </Card>
    </Frame>
  );
}
