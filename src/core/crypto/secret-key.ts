import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { decodeSecretKey, type Config } from '../../config/config.ts';
import { readOrCreateFile } from '../../db/embedded-postgres.ts';

/**
 * The key that seals platform tokens. Given by SNORQ_SECRET_KEY; on the embedded database a key
 * is generated once into DATA_DIR/secret.key (mode 0600). With DATABASE_URL the config schema
 * already demands the variable, since every instance must share the key.
 */
export async function resolveSecretKey(config: Config): Promise<Buffer> {
  if (config.SNORQ_SECRET_KEY) return decodeSecretKey(config.SNORQ_SECRET_KEY)!;
  const stored = await readOrCreateFile(path.join(config.dataDir, 'secret.key'), () => randomBytes(32).toString('base64'));
  const key = decodeSecretKey(stored);
  if (!key) throw new Error(`${path.join(config.dataDir, 'secret.key')} does not hold a 32-byte base64 key`);
  return key;
}
