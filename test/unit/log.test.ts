import { afterEach, describe, expect, it, vi } from 'vitest';
import { log, redact, setLogLevel } from '../../lib/log';

describe('structured logs', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    setLogLevel('info');
  });

  it('redacts secret-looking keys at any depth', () => {
    const out = redact({
      username: 'alice',
      password: 'hunter22',
      nested: { authorization: 'Bearer x', list: [{ serviceToken: 's', ok: 1 }] },
      AUTH_SECRET: 'k',
    });
    expect(out).toEqual({
      username: 'alice',
      password: '[redacted]',
      nested: { authorization: '[redacted]', list: [{ serviceToken: '[redacted]', ok: 1 }] },
      AUTH_SECRET: '[redacted]',
    });
  });

  it('writes one JSON object per line and honours the level', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    setLogLevel('warn');
    log.info('hidden', { a: 1 });
    setLogLevel('info');
    log.info('shown', { password: 'p', requestId: 'r1' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      event: 'shown',
      password: '[redacted]',
      requestId: 'r1',
    });
  });
});
