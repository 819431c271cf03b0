/**
 * A strict reader of the Prometheus text format (0.0.4), enough to prove an exposition is valid: one HELP
 * and TYPE per family, before its samples, no family twice, sample names that belong to their family,
 * well-formed labels and values, and histograms whose buckets are cumulative up to `+Inf` = `_count`.
 */
export interface Family {
  name: string;
  type: string;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"$/;

export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  let current: Family | undefined;
  const helped = new Set<string>();
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('# HELP ')) {
      const name = line.split(' ')[2]!;
      if (helped.has(name)) throw new Error(`HELP for ${name} twice`);
      helped.add(name);
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      if (!NAME.test(name!)) throw new Error(`bad family name ${name}`);
      if (families.has(name!)) throw new Error(`family ${name} declared twice`);
      if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type!))
        throw new Error(`bad type ${type}`);
      current = { name: name!, type: type!, samples: [] };
      families.set(name!, current);
      continue;
    }
    if (line.startsWith('#') || line === '') continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`malformed sample line: ${line}`);
    const [, name, , rawLabels, rawValue] = m;
    if (!current) throw new Error(`sample before any TYPE: ${line}`);
    const allowed =
      current.type === 'histogram'
        ? [`${current.name}_bucket`, `${current.name}_sum`, `${current.name}_count`]
        : [current.name];
    if (!allowed.includes(name!)) throw new Error(`sample ${name} outside its family ${current.name}`);
    const labels: Record<string, string> = {};
    if (rawLabels) {
      for (const part of splitLabels(rawLabels)) {
        const l = LABEL.exec(part);
        if (!l) throw new Error(`malformed label ${part} in ${line}`);
        if (l[1]! in labels) throw new Error(`label ${l[1]} twice in ${line}`);
        labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      }
    }
    const value =
      rawValue === '+Inf' ? Number.POSITIVE_INFINITY : rawValue === '-Inf' ? -Infinity : Number(rawValue);
    if (Number.isNaN(value) && rawValue !== 'NaN') throw new Error(`bad value in ${line}`);
    current.samples.push({ name: name!, labels, value });
  }
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

function splitLabels(raw: string): string[] {
  const parts: string[] = [];
  let depth = false;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') {
      i++;
      continue;
    }
    if (raw[i] === '"') depth = !depth;
    if (raw[i] === ',' && !depth) {
      parts.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(raw.slice(start));
  return parts.filter((p) => p !== '');
}

function checkHistogram(f: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(rest);
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${f.name} bucket without le`);
      entry.buckets.push([le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), s.value]);
    } else if (s.name.endsWith('_count')) entry.count = s.value;
  }
  for (const [key, { buckets, count }] of series) {
    for (let i = 1; i < buckets.length; i++) {
      if (buckets[i]![0] <= buckets[i - 1]![0]) throw new Error(`${f.name}${key} buckets out of order`);
      if (buckets[i]![1] < buckets[i - 1]![1]) throw new Error(`${f.name}${key} buckets not cumulative`);
    }
    const inf = buckets.at(-1);
    if (!inf || inf[0] !== Number.POSITIVE_INFINITY) throw new Error(`${f.name}${key} lacks the +Inf bucket`);
    if (count !== inf[1]) throw new Error(`${f.name}${key} +Inf bucket ${inf[1]} != count ${count}`);
  }
}
