/**
 * The industries a company is filed under: a fixed vocabulary of codes, worded per language. Free text
 * let "能源" and "energy" count as two industries on the dashboard; a code counts once whatever the
 * reader's language. Values stored before the vocabulary are read through `industryOf`.
 */
export const INDUSTRIES = [
  'energy',
  'manufacturing',
  'retail',
  'finance',
  'technology',
  'healthcare',
  'education',
  'construction',
  'logistics',
  'agriculture',
  'government',
  'other',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** Each industry's name in Chinese and English (the console's languages). */
export const INDUSTRY_NAMES: Record<Industry, { zh: string; en: string }> = {
  energy: { zh: '能源', en: 'Energy' },
  manufacturing: { zh: '制造业', en: 'Manufacturing' },
  retail: { zh: '零售', en: 'Retail' },
  finance: { zh: '金融', en: 'Finance' },
  technology: { zh: '信息技术', en: 'Information technology' },
  healthcare: { zh: '医疗健康', en: 'Healthcare' },
  education: { zh: '教育', en: 'Education' },
  construction: { zh: '建筑与房地产', en: 'Construction and real estate' },
  logistics: { zh: '交通物流', en: 'Transport and logistics' },
  agriculture: { zh: '农业', en: 'Agriculture' },
  government: { zh: '政府与公共事业', en: 'Government and public services' },
  other: { zh: '其他', en: 'Other' },
};

/** Other words people typed for an industry before there was a list. */
const ALIASES: Partial<Record<Industry, string[]>> = {
  energy: ['电力', '新能源', 'power', 'utilities'],
  manufacturing: ['制造'],
  technology: ['it', 'tech', '科技', '互联网', '软件', 'software'],
  finance: ['银行', '保险', 'banking', 'insurance'],
  healthcare: ['医疗', 'medical'],
  construction: ['建筑', '房地产', 'real estate'],
  logistics: ['物流', '交通', 'transport'],
  government: ['政府', 'public sector'],
};

const BY_WORD = new Map<string, Industry>(
  INDUSTRIES.flatMap((code) =>
    [code, INDUSTRY_NAMES[code].zh, INDUSTRY_NAMES[code].en, ...(ALIASES[code] ?? [])].map(
      (word): [string, Industry] => [word.toLowerCase(), code],
    ),
  ),
);

/**
 * The industry a stored value names: a code as it is, a name or a common word for one in either
 * language (any case, spaces around ignored), anything else `other`; nothing stored is null.
 */
export function industryOf(stored: string | null): Industry | null {
  const word = stored?.trim().toLowerCase();
  if (!word) return null;
  return BY_WORD.get(word) ?? 'other';
}

/** Every stored form `industryOf` reads as `code` (lower-cased), so that a filter finds older rows too. */
export function storedFormsOf(code: Industry): string[] {
  return [...BY_WORD].filter(([, named]) => named === code).map(([word]) => word);
}

/** Every stored form of every industry but `other` (lower-cased). */
export const NAMED_FORMS: string[] = [...BY_WORD].filter(([, code]) => code !== 'other').map(([w]) => w);
