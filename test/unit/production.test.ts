import { describe, expect, it } from 'vitest';
import { missingConfiguration, REQUIRED_IN_PRODUCTION } from '../../lib/production';

const complete = {
  AUTH_SECRET: 'a',
  SUPERADMIN_PASSWORD: 'b',
  SERVICE_TOKEN: 'c',
  BASE_DOMAIN: 'keel.example.com',
};

describe('production configuration', () => {
  it('asks nothing outside production', () => {
    expect(missingConfiguration({ ENVIRONMENT: 'development' })).toEqual([]);
    expect(missingConfiguration({})).toEqual([]);
  });

  it('names every missing or empty secret and the domain in production', () => {
    expect(missingConfiguration({ ENVIRONMENT: 'production', ...complete })).toEqual([]);
    expect(missingConfiguration({ ENVIRONMENT: 'production' })).toEqual([...REQUIRED_IN_PRODUCTION]);
    expect(
      missingConfiguration({
        ENVIRONMENT: 'production',
        ...complete,
        AUTH_SECRET: '',
        SERVICE_TOKEN: undefined,
      }),
    ).toEqual(['AUTH_SECRET', 'SERVICE_TOKEN']);
  });
});
