import { INDUSTRIES, INDUSTRY_NAMES } from '../../../lib/industries';
import { Card, Field, Form, SelectField } from '../components';
import { type Lang, strings } from '../i18n';
import { platformStrings } from './strings';
import { platformWords } from './words';

/** The options of an industry `<select>`: "not given" first, then the fixed list in `lang`. */
export const industryOptions = (lang: Lang, none: string): [string, string][] => [
  ['', none],
  ...INDUSTRIES.map((code): [string, string] => [code, INDUSTRY_NAMES[code][lang]]),
];

/** The company page's profile form (`#profile-form`): name, industry from the list, region, contact email. */
export function ProfileCard({ lang }: { lang: Lang }) {
  const p = platformStrings(lang);
  const w = platformWords(lang);
  const label = (key: string) => w[`log.key.${key}`] ?? key;
  return (
    <Card headingId="profile-title" heading={w['company.profile']}>
      <Form id="profile-form" submit={p.save}>
        <Field form="profile" name="name" label={label('name')} autocomplete="organization" required />
        <SelectField
          form="profile"
          name="industry"
          label={label('industry')}
          options={industryOptions(lang, strings(lang)['create.industryNone'])}
        />
        <Field form="profile" name="region" label={label('region')} />
        <Field
          form="profile"
          name="contactEmail"
          label={label('contactEmail')}
          type="email"
          autocomplete="email"
        />
      </Form>
    </Card>
  );
}
