declare module '*.sql' {
  const sql: string;
  export default sql;
}

type KeelEnv = import('./lib/env').Env;

declare namespace Cloudflare {
  interface Env extends KeelEnv {}
}
