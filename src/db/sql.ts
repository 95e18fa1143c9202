const jsonColumns = new Set(['representative', 'resolution', 'classification', 'channel_data', 'details', 'data']);

/** Build `set a = $2, b = $3` from a patch whose keys are column names we control (never user input). */
export function setClause(patch: Record<string, unknown>, offset: number): { sql: string; values: unknown[] } {
  const keys = Object.keys(patch).filter((k) => patch[k] !== undefined);
  const values = keys.map((k) => (jsonColumns.has(k) && patch[k] !== null ? JSON.stringify(patch[k]) : patch[k]));
  const sql = keys.map((k, i) => `${k} = $${i + offset}`).join(', ');
  return { sql, values };
}
