/**
 * SQL that writes an epoch-milliseconds column as the ISO instant `Date#toISOString` gives
 * (`2026-11-22T07:55:50.123Z`), for answers SQLite serialises itself. Years 0000–9999 only, like
 * every timestamp this system stores.
 */
export const isoInstantSql = (epochMsColumn: string): string =>
  `strftime('%Y-%m-%dT%H:%M:%fZ', ${epochMsColumn} / 1000.0, 'unixepoch')`;
