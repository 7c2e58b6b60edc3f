import type { FastifyInstance } from 'fastify';
import type { SimContext } from './context.ts';
import type { PlatformSandbox } from './platform-sandbox.ts';
import type { StoredMedia } from './state/media.ts';
import type { StateSection } from './state/state-file.ts';
import type { CustomerMessage, SimAccount, CustomerSendResult, HandshakeResult, RawSendOptions } from './types.ts';
import type { Delivery } from './webhooks/deliver.ts';

/**
 * What one folder of the simulator (`messenger/`, `instagram/`, `whatsapp/`, `twilio/`,
 * `tiktok/`, …) brings, listed once in `platforms.ts`; the server, the customers' side and the
 * OAuth wiring iterate that list and never name a platform. Adding a simulated platform is its
 * folder, exporting one of these, plus its line in `platforms.ts`.
 *
 * - `platform`: its name, as in `SimAccount.platform`, faults and the recorder (`SimPlatform` is
 *   the union of these names).
 * - `webhookPath`: where snorq receives its webhooks.
 * - `baseUrls`: where its hosts are under the simulator's URL (`Simulator.baseUrls`; point snorq's
 *   `…_API_URL` variables there).
 * - `customerKinds`: what a customer can do there (`CUSTOMER_KINDS`, the control API's check);
 *   declare the definition `as const satisfies SimulatedPlatform` so the names stay literal.
 * - `registerRoutes`: its API hosts (paths under the simulator's URL, e.g. `/twilio/*`). A host
 *   several platforms are reached through (graph.facebook.com: Messenger, Instagram, WhatsApp)
 *   is registered by each of them through a registration that runs once per server
 *   (`registerOnce` in server.ts).
 * - `registerOAuth`: consent pages, token endpoints, webhook registration, if it has any; their
 *   memory is `ctx.oauth` (forgotten by `reset()`).
 * - `customer`: what a person does on the platform, turned into its signed webhook.
 * - `conversationId`: the id its Conversations API gives a thread; default a private key that
 *   never leaves the simulator (WhatsApp and Twilio have no conversation resource).
 */
export interface SimulatedPlatform {
  readonly platform: string;
  readonly webhookPath: string;
  baseUrls?(url: string): Record<string, string>;
  readonly customerKinds: readonly string[];
  registerRoutes(app: FastifyInstance, ctx: SimContext): void;
  registerOAuth?(app: FastifyInstance, ctx: SimContext): void;
  readonly customer: SimulatedCustomer;
  conversationId?(accountId: string, customerId: string): string;
  /** The controls tests use to make it forget things the way it does live (`Simulator.oauth`; their types meet in PlatformOAuthControls). */
  oauthControls?(ctx: SimContext): object;
  /** Forget what it remembers of authorisation beyond `ctx.oauth` (`oauth.clear()`, `reset()`). */
  clearOAuth?(ctx: SimContext): void;
  /** The key it knows a customer by when ids come in several spellings (WhatsApp: wa_id digits; Twilio: `+E164`); default the id. */
  customerKey?(id: string): string;
  /** How a customer's media is held and addressed (customers/media.ts); default: stored, no id, no URL. */
  readonly customerMedia?: CustomerMediaHandling;
  /** Its CDN hosts (cdn/routes.ts serves the shared ones). */
  registerCdn?(app: FastifyInstance, ctx: SimContext): void;
  /** Refuse (throw) an account it cannot work with, when the simulator starts or one is added. */
  checkAccount?(account: SimAccount): void;
  /** What it brings to `npm start`'s sandbox (platform-sandbox.ts); none: no sandbox account. */
  readonly sandbox?: PlatformSandbox;
  /** The refusals a `platform_error` fault can make on it, by the platform's own code (its routes answer each in the platform's shape). */
  readonly errorFaults?: readonly string[];
  /**
   * What it remembers beyond the shared stores that a real platform keeps between runs (a bot's
   * webhook and chats), as a section of the state file (state/state-file.ts); none: nothing of its own.
   */
  memory?(ctx: SimContext): StateSection;
}

/** A customer side that batches and has a verification handshake (as Meta's do): `customers.batch` and `customers.handshake` take its platform. */
export type BatchingCustomer = SimulatedCustomer & Required<Pick<SimulatedCustomer, 'batch' | 'handshake'>>;

/** How a platform holds a customer's media: its id, the URL its webhook carries, whether a URL given by the test is passed on as is. */
export interface CustomerMediaHandling {
  mintId?(): string;
  url?(ctx: SimContext, media: StoredMedia): string;
  passesGivenUrl?: boolean;
}

/** The customers' side of one platform (`Simulator.customers` dispatches to it). */
export interface SimulatedCustomer {
  /** A customer acts: the platform remembers it (history, reply window), then posts its signed webhook. */
  send(ctx: SimContext, message: CustomerMessage): Promise<CustomerSendResult>;
  /** A payload posted as given (object → the platform's serialisation; string/Buffer → those bytes). */
  sendRaw(ctx: SimContext, payload: unknown, options: RawSendOptions): Promise<Delivery>;
  /** Several events in one POST, where the platform batches them (Meta). */
  batch?(ctx: SimContext, items: CustomerMessage[]): Promise<CustomerSendResult & { externalIds: (string | undefined)[] }>;
  /** The webhook verification handshake, where the platform has one (Meta's `hub.challenge`). */
  handshake?(ctx: SimContext, verifyToken: string): Promise<HandshakeResult>;
}
