import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import type { SecretBox } from '../core/crypto/secret-box.ts';
import type { Principal } from '../core/accounts/auth-tokens.ts';
import type { OutboxWorker } from '../core/outbox/outbox-worker.ts';
import type { MediaServices } from '../core/media/media-services.ts';
import type { ProfileFetcher } from '../core/contacts/profile-fetcher.ts';
import type { VapidKeys } from '../core/notifications/vapid-keys.ts';
import type { WebhookWorker } from '../core/outgoing-webhooks/webhook-worker.ts';

/** What every route and job needs, built once at start (src/main.ts) or per test. */
export interface AppContext {
  config: Config;
  db: Db;
  secretBox: SecretBox;
  /** Called after a webhook stored messages that carry media to download (src/core/media). */
  onMediaToFetch?: (messageIds: number[]) => void;
  /** The reply sender; woken when a reply is queued so it goes out at once. */
  outbox?: OutboxWorker;
  /** The media store and URL signer; built from config when absent (they hold no state). */
  media?: MediaServices;
  /** Looks up names and pictures of new Messenger/Instagram customers; woken after each webhook. */
  profiles?: ProfileFetcher;
  /** The Web Push key pair (src/core/notifications/vapid-keys.ts), resolved once; built from config when absent. */
  vapidKeys?: () => Promise<VapidKeys>;
  /** Outgoing webhooks' deliverer; woken when a delivery is sent again or a subscription enabled. */
  webhooks?: WebhookWorker;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    /** Set by the auth hook on every protected route. */
    principal: Principal;
  }
}
