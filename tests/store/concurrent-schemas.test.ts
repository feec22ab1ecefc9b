/**
 * Deployments (and test runs) share one PostgreSQL database, each in its own schema:
 * migrating one must not fail because another's schema is dropped meanwhile — Kysely
 * finds its migration tables by listing every table in the database, and a relation
 * or schema can vanish under that listing.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresBackend, POSTGRES_URL, dropSchema } from '../helpers/stores.js';
import { openStore } from '../../src/store/open-store.js';

describe('migrating while other schemas come and go', () => {
  it('migrates every store', async () => {
    const churn = new pg.Client({ connectionString: POSTGRES_URL });
    await churn.connect();
    let stop = false, cycles = 0;
    const loop = (async () => {
      while (!stop) {
        const s = `churn_${randomBytes(4).toString('hex')}`;
        await churn.query(`create schema "${s}"; ${Array.from({ length: 30 }, (_, i) => `create table "${s}".t${i} (id int primary key, v text);`).join(' ')}`);
        await churn.query(`drop schema "${s}" cascade`);
        cycles++;
      }
    })();
    try {
      for (let i = 0; i < 4; i++) {
        const store = await postgresBackend.open();
        expect((await store.db.selectFrom('sites').select('id').execute()).length).toBe(0);
        await store.close();
      }
    } finally {
      stop = true;
      await loop;
      await churn.end();
    }
    expect(cycles).toBeGreaterThan(0);
  }, 120_000);

  it('opens one new schema from several connections at once (crawl workers started together)', async () => {
    for (let round = 0; round < 3; round++) {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      try {
        const opened = await Promise.allSettled(Array.from({ length: 6 }, () => openStore({ url: POSTGRES_URL, schema })));
        const failed = opened.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).message] : []));
        expect(failed).toEqual([]);
        for (const o of opened) if (o.status === 'fulfilled') {
          expect((await o.value.db.selectFrom('sites').select('id').execute()).length).toBe(0);
          await o.value.close();
        }
      } finally {
        await dropSchema(schema);
      }
    }
  }, 120_000);
});
