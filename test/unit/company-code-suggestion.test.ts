import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codeCandidates,
  codeStemOf,
  FALLBACK_STEM,
  STEM_MAX_LENGTH,
} from '../../lib/company-code-suggestion';
import { COMPANY_CODE_LENGTH, isCompanyCodeShape } from '../../lib/company-codes';
import { CompanyCode } from '../../schema/dto/platform';

describe('company code suggested from the name', () => {
  it('spells Chinese names in pinyin, reading polyphones in context, without the legal suffix', () => {
    expect(codeStemOf('华东钢铁有限公司')).toBe('huadonggangtie');
    expect(codeStemOf('重庆银行股份有限公司')).toBe('chongqingyinhang');
    expect(codeStemOf('绿能集团')).toBe('lvneng');
  });

  it('keeps the words of other names, drops accents and mixes both', () => {
    expect(codeStemOf('Acme Energy Co., Ltd.')).toBe('acme-energy');
    expect(codeStemOf('Café Zürich GmbH')).toBe('cafe-zurich');
    expect(codeStemOf('Nova 新能源')).toBe('nova-xinnengyuan');
    expect(codeStemOf('北京ABC科技')).toBe('beijing-abc-keji');
  });

  it('starts with a letter, and falls back when the name spells nothing', () => {
    expect(codeStemOf('3M中国')).toBe('co-3m-zhongguo');
    expect(codeStemOf('!!!')).toBe(FALLBACK_STEM);
    expect(codeStemOf('公司')).toBe('gongsi');
  });

  it('cuts long names at a word, or hard when one word is too long', () => {
    expect(codeStemOf('International Business Machines Corporation')).toBe('international-business');
    expect(codeStemOf('中华人民共和国国家电网公司华东分部')).toHaveLength(STEM_MAX_LENGTH);
  });

  it('offers the bare stem first when it may be a code, then suffixed ones', () => {
    expect(codeCandidates('Acme', ['ab2c', 'zz7q'])).toEqual(['acme', 'acme-ab2c', 'acme-zz7q']);
    // Reserved, too short, or nothing to spell: suffixed only.
    expect(codeCandidates('API', ['ab2c'])).toEqual(['api-ab2c']);
    expect(codeCandidates('X', ['ab2c'])).toEqual(['x-ab2c']);
    expect(codeCandidates('???', ['ab2c'])).toEqual(['co-ab2c']);
  });

  it('only ever suggests codes the company code field accepts', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 100 }),
        fc.stringMatching(/^[a-z2-7]{4}$/),
        (name, suffix) => {
          for (const code of codeCandidates(name, [suffix])) {
            expect(isCompanyCodeShape(code)).toBe(true);
            expect(code.length).toBeGreaterThanOrEqual(COMPANY_CODE_LENGTH.min);
            expect(CompanyCode.safeParse(code).success).toBe(true);
          }
        },
      ),
    );
  });
});
