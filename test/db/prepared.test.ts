import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('statements prepared once per connection (PostgreSQL)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase('postgres');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('still answers a prepared select * after a migration adds a column to its table (a deploy under way)', async () => {
    await t.db.exec('create table deploy_probe (id int primary key, said text)');
    await t.db.query('insert into deploy_probe values ($1, $2)', [1, 'hello']);
    const read = () => t.db.query<Record<string, unknown>>('select * from deploy_probe where id = $1', [1]);
    // Every connection in the pool prepares it.
    await Promise.all(Array.from({ length: 20 }, read));
    expect(await read()).toEqual([{ id: 1, said: 'hello' }]);

    // A newer version migrates while this one runs: PostgreSQL refuses the old prepared plans.
    await t.db.exec('alter table deploy_probe add column heard boolean not null default false');
    const after = await Promise.all(Array.from({ length: 20 }, read));
    expect(after.every((rows) => rows[0]?.['heard'] === false && rows[0]['said'] === 'hello')).toBe(true);
  });

  it('prepares each statement under a name, so PostgreSQL does not parse and plan it on every call', async () => {
    const names = await t.db.query<{ name: string }>('select name from pg_prepared_statements where name like $1', [
      's%',
    ]);
    // This very statement is prepared on the connection that ran it.
    expect(names.length).toBeGreaterThan(0);
  });
});
