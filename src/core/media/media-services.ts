import path from 'node:path';
import type { Config } from '../../config/config.ts';
import { resolveSecretKey } from '../crypto/secret-key.ts';
import { createDiskMediaStore, type MediaStore } from './media-store.ts';
import { createMediaUrlSigner, type MediaUrlSigner } from './signed-media-url.ts';

export interface MediaServices {
  store: MediaStore;
  signer: MediaUrlSigner;
}

/**
 * The store (DATA_DIR/media) and the URL signer (keyed from SNORQ_SECRET_KEY, or the generated
 * DATA_DIR/secret.key on the embedded database) from configuration alone, so that the routes,
 * the fetcher and the outbound sender agree on both without sharing an object. The disk store is
 * stateless, so building it twice is harmless.
 */
export async function createMediaServices(config: Config): Promise<MediaServices> {
  return {
    store: createDiskMediaStore(path.join(config.dataDir, 'media')),
    signer: createMediaUrlSigner({ secretKey: await resolveSecretKey(config), publicUrl: config.publicUrl }),
  };
}

/**
 * What the outbox needs to hand a platform an attachment (OutboundMediaResolver in
 * src/core/outbox/build-outbound-message.ts): a signed public URL, and the local file for
 * platforms with an upload API (WhatsApp /media).
 */
export function outboundMediaResolver(services: MediaServices): (storageKey: string) => { url: string; localPath?: string } | null {
  return (storageKey) => {
    const localPath = services.store.localPath(storageKey);
    let url: string;
    try {
      url = services.signer.sign(storageKey);
    } catch {
      return null;
    }
    return localPath ? { url, localPath } : { url };
  };
}
