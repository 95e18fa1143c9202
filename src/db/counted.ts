import type { Database, Queryable } from './database.js';

/**
 * The database with every statement counted (`gateway_db_statements_total`): what a turn
 * costs the database is read from /metrics, as bench:webchat does, not guessed.
 */
export function countedDatabase(db: Database, count: () => void): Database {
  const counted = (q: Queryable): Queryable => ({
    query: <Row>(sql: string, params?: readonly unknown[]) => {
      count();
      return q.query<Row>(sql, params);
    },
    exec: (sql: string) => {
      count();
      return q.exec(sql);
    },
  });
  return {
    kind: db.kind,
    ...counted(db),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => {
      count(); // BEGIN
      count(); // COMMIT (or ROLLBACK)
      return db.transaction((tx) => fn(counted(tx)));
    },
    ping: () => db.ping(),
    close: () => db.close(),
  };
}
