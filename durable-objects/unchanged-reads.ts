/**
 * Answers a read (as its JSON text) again without recomputing it while the actor's database has not
 * changed.
 *
 * SQLite's `total_changes()` counts every row the actor's one connection has inserted, updated or
 * deleted (rolled-back work and the actor's own bookkeeping included), so an answer computed at one
 * count is still true at the same count, whichever code path wrote in between. That makes the memo
 * safe without each writer having to remember to clear it; anything a key leaves out that the answer
 * depends on (the business month, say) must be part of the key.
 */
export class UnchangedReads {
  #version = -1;
  readonly #answers = new Map<string, string>();
  #size = 0;

  /** `maxChars`: the most text kept over all answers (many actors share an isolate's memory); the oldest goes first. */
  constructor(
    private readonly sql: SqlStorage,
    private readonly maxChars = 256 * 1024,
  ) {}

  get<T extends string>(key: string, compute: () => T): T {
    const version = this.changes();
    if (version !== this.#version) {
      this.#answers.clear();
      this.#size = 0;
      this.#version = version;
    }
    const kept = this.#answers.get(key);
    if (kept !== undefined) return kept as T;
    const answer = compute();
    // A read that wrote is kept by no version we know.
    if (this.changes() !== version || answer.length > this.maxChars) return answer;
    for (const [oldest, text] of this.#answers) {
      if (this.#size + answer.length <= this.maxChars) break;
      this.#answers.delete(oldest);
      this.#size -= text.length;
    }
    this.#answers.set(key, answer);
    this.#size += answer.length;
    return answer;
  }

  private changes(): number {
    return this.sql.exec<{ n: number }>('select total_changes() as n').one().n;
  }
}
