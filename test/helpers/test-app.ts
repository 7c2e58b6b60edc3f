import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { createUser } from '../../src/core/accounts/users.ts';
import { createSecretBox } from '../../src/core/crypto/secret-box.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createTestDatabase } from './test-database.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  config: Config;
  /** Creates an organisation with an admin; returns its id and a bearer token. */
  newOrganization(name?: string): Promise<{ organizationId: number; adminId: number; token: string; email: string; password: string }>;
  close(): Promise<void>;
}

/** The real app on a fresh database, driven with `app.inject()`. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: path.resolve('.test-data', database.name),
    DATABASE_URL: database.url,
    SNORQ_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'https://snorq.test',
    ...env,
  });
  const ctx: AppContext = { config, db: database.db, secretBox: createSecretBox(Buffer.from(config.SNORQ_SECRET_KEY!, 'base64')) };
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    config,
    async newOrganization(name = 'Org') {
      const org = await database.db.insertInto('organizations').values({ name }).returning('id').executeTakeFirstOrThrow();
      const email = `admin-${randomBytes(4).toString('hex')}@example.test`;
      const password = 'correct horse battery';
      const admin = await createUser(database.db, { organizationId: org.id, email, name: 'Admin', role: 'admin', password });
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
      return { organizationId: org.id, adminId: admin.id, token: res.json().token as string, email, password };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
