import { pinyin } from 'pinyin-pro';
import { COMPANY_CODE_LENGTH, isCompanyCodeShape, RESERVED_COMPANY_CODES } from './company-codes';

/**
 * A company code suggested from the company's name (seed 001, Phase 5), pure: Han characters become
 * their pinyin without tones (pinyin-pro, which reads 重庆 as chongqing), one word per run of Han
 * characters; other letters and digits are kept, accents dropped; words are joined by hyphens. Legal
 * suffixes (有限公司, Co., Ltd. …) are left out, since every company has one.
 */

const LEGAL_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '集团公司',
  '集团',
  '公司',
  'co., ltd.',
  'co.,ltd.',
  'co. ltd.',
  'co ltd',
  'limited',
  'ltd.',
  'ltd',
  'inc.',
  'inc',
  'llc',
  'gmbh',
];

/** Long enough to read, short enough to leave room for a suffix within the code's length. */
export const STEM_MAX_LENGTH = 24;
/** What a name with nothing to spell (only symbols, say) starts from. */
export const FALLBACK_STEM = 'co';

function withoutLegalSuffix(name: string): string {
  const trimmed = name.trim();
  const lower = trimmed.toLowerCase();
  for (const suffix of LEGAL_SUFFIXES) {
    if (lower.endsWith(suffix) && lower.length > suffix.length) {
      return trimmed.slice(0, trimmed.length - suffix.length).replace(/[\s,.]+$/, '');
    }
  }
  return trimmed;
}

/** The readable part of a suggested code: lower-case words of the name, never a shape the code refuses. */
export function codeStemOf(name: string): string {
  const words: string[] = [];
  let han = '';
  for (const part of pinyin(withoutLegalSuffix(name), {
    type: 'all',
    toneType: 'none',
    nonZh: 'consecutive',
    v: true,
  })) {
    if (part.isZh) {
      han += part.pinyin;
      continue;
    }
    if (han) words.push(han);
    han = '';
    words.push(
      ...part.origin
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .split(/[^a-z0-9]+/),
    );
  }
  if (han) words.push(han);
  let stem = words.filter(Boolean).join('-');
  if (stem.length > STEM_MAX_LENGTH) {
    const cut = stem.slice(0, STEM_MAX_LENGTH + 1);
    const atWord = cut.lastIndexOf('-');
    stem = atWord >= 2 ? cut.slice(0, atWord) : stem.slice(0, STEM_MAX_LENGTH);
  }
  if (!/^[a-z]/.test(stem)) stem = stem ? `${FALLBACK_STEM}-${stem}` : FALLBACK_STEM;
  return stem.replace(/-+$/, '');
}

/**
 * The codes to offer, best first: the stem itself when it reads as a name and may be a code, then the stem with random
 * suffixes (`suffixes` are the random parts, 4 characters each). The Directory takes the first one free.
 */
export function codeCandidates(name: string, suffixes: readonly string[]): string[] {
  const stem = codeStemOf(name);
  const readable =
    stem !== FALLBACK_STEM &&
    stem.length >= COMPANY_CODE_LENGTH.min &&
    isCompanyCodeShape(stem) &&
    !RESERVED_COMPANY_CODES.has(stem);
  const bare = readable ? [stem] : [];
  return [...bare, ...suffixes.map((s) => `${stem}-${s}`)];
}
