import path from 'node:path';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { readOrCreateFile } from '../../db/embedded-postgres.ts';
import type { SecretBox } from '../crypto/secret-box.ts';

/** The VAPID pair that signs snorq's pushes (RFC 8292), base64url as the Push API wants it. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** Who push services may contact about these pushes (mailto: or https:). */
  subject: string;
}

/**
 * The pair is set once and must never change by itself: a browser's subscription is bound to the
 * public key it was made with. VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY win; otherwise a pair is
 * generated once, into DATA_DIR/vapid.json on the embedded database (like secret.key), or into the
 * database on an external one, where every instance must sign with the same pair.
 */
export async function resolveVapidKeys(config: Config, db: Db, secretBox: SecretBox): Promise<VapidKeys> {
  const subject = vapidSubject(config);
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY) return { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY, subject };
  if (config.embeddedDatabase) {
    const file = path.join(config.dataDir, 'vapid.json');
    const stored = await readOrCreateFile(file, async () => JSON.stringify(await generateVapidKeys()));
    const pair = JSON.parse(stored) as Partial<VapidKeys>;
    if (typeof pair.publicKey !== 'string' || typeof pair.privateKey !== 'string') throw new Error(`${file} does not hold a VAPID key pair`);
    return { publicKey: pair.publicKey, privateKey: pair.privateKey, subject };
  }
  const fresh = await generateVapidKeys();
  // The first instance to get here stores its pair; every other one reads that one.
  await db
    .insertInto('push_vapid_keys')
    .values({ id: 1, public_key: fresh.publicKey, private_key_sealed: secretBox.seal(fresh.privateKey) })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db.selectFrom('push_vapid_keys').select(['public_key', 'private_key_sealed']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { publicKey: row.public_key, privateKey: secretBox.open(row.private_key_sealed), subject };
}

/** web-push (and its ASN.1 and big-number code) is loaded when a pair is first made, not at every start. */
async function generateVapidKeys(): Promise<{ publicKey: string; privateKey: string }> {
  const { default: webpush } = await import('web-push');
  return webpush.generateVAPIDKeys();
}

/** VAPID_SUBJECT, else PUBLIC_URL when it is https, else a mailto: at PUBLIC_URL's host. */
function vapidSubject(config: Config): string {
  if (config.VAPID_SUBJECT) return config.VAPID_SUBJECT;
  const url = new URL(config.publicUrl);
  return url.protocol === 'https:' ? url.origin : `mailto:postmaster@${url.hostname}`;
}

/** Resolved once per process and shared by the routes (the public key) and the notifier (both). */
export function vapidKeysOnce(config: Config, db: Db, secretBox: SecretBox): () => Promise<VapidKeys> {
  let pending: Promise<VapidKeys> | undefined;
  return () => {
    pending ??= resolveVapidKeys(config, db, secretBox).catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
