// The Keel server a backup reads from or a restore writes to: its admin API, signed in.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDotenv } from '../dev.mjs';
import { ROOT } from '../server.mjs';
import { UserError } from './cli.mjs';

export const DEFAULT_SERVER = 'http://127.0.0.1:8787';

/** The flags every command that talks to a server takes. */
export const SERVER_FLAGS = {
  server: { type: 'string', value: 'url', default: DEFAULT_SERVER, help: 'The Keel server' },
  token: {
    type: 'string',
    help: "A super administrator's bearer token (env KEEL_ADMIN_TOKEN); for a deployment, from POST /api/admin/login",
  },
  username: {
    type: 'string',
    help: 'Sign in with this super administrator instead (default: SUPERADMIN_USERNAME of .dev.vars)',
  },
  password: {
    type: 'string',
    help: 'Its password (env KEEL_ADMIN_PASSWORD; default: SUPERADMIN_PASSWORD of .dev.vars)',
  },
};

export class ApiError extends Error {
  constructor(method, path, status, body) {
    const code = body?.error?.code ?? 'HTTP_ERROR';
    super(
      `${method} ${path} answered ${status} ${code}: ${body?.error?.message ?? JSON.stringify(body).slice(0, 300)}`,
    );
    this.status = status;
    this.code = code;
    this.details = body?.error?.details;
  }
}

const RETRIES = 4;
const transient = (status) => status === 429 || status === 502 || status === 503 || status === 504;

/** Signs in (or takes the given token) and answers `api(method, path, body)`, which retries transient failures. */
export async function connect(values) {
  const server = values.server.replace(/\/+$/, '');
  const call = async (method, path, body, token) => {
    for (let attempt = 1; ; attempt++) {
      let res;
      try {
        res = await fetch(server + path, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (err) {
        if (attempt >= RETRIES)
          throw new UserError(`cannot reach ${server}: ${err.cause?.message ?? err.message}`);
        await sleep(attempt * 500);
        continue;
      }
      const text = await res.text();
      let parsed;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      if (res.ok) return parsed;
      if (transient(res.status) && attempt < RETRIES) {
        await sleep(attempt * 500);
        continue;
      }
      throw new ApiError(method, path, res.status, parsed);
    }
  };
  const token = values.token ?? process.env.KEEL_ADMIN_TOKEN ?? (await signIn(values, call));
  return {
    server,
    api: (method, path, body) => call(method, path, body, token),
  };
}

async function signIn(values, call) {
  const devVarsPath = join(ROOT, '.dev.vars');
  const devVars = existsSync(devVarsPath) ? parseDotenv(readFileSync(devVarsPath, 'utf8')) : {};
  const username = values.username ?? devVars.SUPERADMIN_USERNAME ?? 'admin';
  const password = values.password ?? process.env.KEEL_ADMIN_PASSWORD ?? devVars.SUPERADMIN_PASSWORD;
  if (!password) {
    throw new UserError(
      'no credentials: pass --token (or KEEL_ADMIN_TOKEN), or --password, or run `npm start` once to create .dev.vars',
    );
  }
  try {
    return (await call('POST', '/api/admin/login', { username, password })).token;
  } catch (err) {
    if (err instanceof ApiError) throw new UserError(`sign-in as ${username} failed: ${err.message}`);
    throw err;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
