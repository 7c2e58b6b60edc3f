import path from 'node:path';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { resolveSecretKey } from '../crypto/secret-key.ts';
import { createMediaStore } from './create-media-store.ts';
import { createLocalMediaCopies, type LocalMediaCopies } from './local-media-copies.ts';
import type { MediaStore } from './media-store.ts';
import { createMediaUrlSigner, type MediaUrlSigner } from './signed-media-url.ts';

export interface MediaServices {
  store: MediaStore;
  signer: MediaUrlSigner;
  /** Local copies of a shared store's files, for platforms with an upload API. */
  localCopies: LocalMediaCopies;
}

/**
 * The store (MEDIA_STORE: DATA_DIR/media, the database, or an S3 bucket) and the URL signer
 * (keyed from SNORQ_SECRET_KEY, or the generated DATA_DIR/secret.key on the embedded database)
 * from configuration alone, so that the routes, the fetcher and the outbound sender agree on both
 * without sharing an object. The stores hold no state of their own, so building one twice is
 * harmless; the shared ones need the database (`db`).
 */
export async function createMediaServices(config: Config, db?: Db): Promise<MediaServices> {
  return {
    store: createMediaStore(config, db),
    signer: createMediaUrlSigner({ secretKey: await resolveSecretKey(config), publicUrl: config.publicUrl }),
    localCopies: createLocalMediaCopies(path.join(config.dataDir, 'media-copies')),
  };
}

/**
 * What the outbox needs to hand a platform an attachment (OutboundMediaResolver in
 * src/core/outbox/build-outbound-message.ts): a signed public URL, which any instance serves,
 * and a file on this machine for platforms with an upload API (WhatsApp /media): the disk
 * store's own file, or a local copy of a shared store's.
 */
export function outboundMediaResolver(services: MediaServices): (storageKey: string) => Promise<{ url: string; localPath?: string } | null> {
  return async (storageKey) => {
    let url: string;
    try {
      url = services.signer.sign(storageKey);
    } catch {
      return null;
    }
    const localPath = services.store.localPath(storageKey) ?? (await services.localCopies.pathOf(services.store, storageKey));
    return localPath ? { url, localPath } : { url };
  };
}
