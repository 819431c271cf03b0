import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDUSTRIES, INDUSTRY_NAMES, industryOf, NAMED_FORMS, storedFormsOf } from '../../lib/industries';

describe('industries', () => {
  it('reads a code as itself', () => {
    for (const code of INDUSTRIES) expect(industryOf(code)).toBe(code);
  });

  it('reads either language’s name, in any case and with spaces around, as its code', () => {
    expect(industryOf('能源')).toBe('energy');
    expect(industryOf(' Energy ')).toBe('energy');
    expect(industryOf('ENERGY')).toBe('energy');
    expect(industryOf('制造业')).toBe('manufacturing');
    for (const code of INDUSTRIES) {
      expect(industryOf(INDUSTRY_NAMES[code].zh)).toBe(code);
      expect(industryOf(INDUSTRY_NAMES[code].en.toUpperCase())).toBe(code);
    }
  });

  it('reads common words typed before the list as the industry they name', () => {
    expect(industryOf('制造')).toBe('manufacturing');
    expect(industryOf('电力')).toBe('energy');
    expect(industryOf('IT')).toBe('technology');
  });

  it('files any other text under other, and nothing stored as no industry', () => {
    expect(industryOf('钢铁')).toBe('other');
    expect(industryOf('widgets')).toBe('other');
    expect(industryOf(null)).toBeNull();
    expect(industryOf('   ')).toBeNull();
  });

  it('lists the stored forms of an industry, which are exactly what reads as it', () => {
    expect(storedFormsOf('energy')).toEqual(expect.arrayContaining(['energy', '能源', '电力']));
    fc.assert(
      fc.property(fc.constantFrom(...INDUSTRIES), (code) => {
        for (const form of storedFormsOf(code)) expect(industryOf(form)).toBe(code);
      }),
    );
    expect(NAMED_FORMS).not.toContain('other');
    expect(NAMED_FORMS).not.toContain('其他');
    expect(NAMED_FORMS).toContain('能源');
  });
});
