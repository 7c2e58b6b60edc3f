import { z } from 'zod';
import type { CustomerIdentity, SimPlatform } from '../types.ts';
import type { StateSection } from './state-file.ts';

/**
 * What the simulated platforms remember: one conversation per (platform, account, customer), the
 * messages in it (inbound from customers.send, outbound from the send APIs) for the history
 * endpoints, and when the customer last wrote — the reply windows count from that (FACTS 2.4,
 * 3.4, 4.4, 5.6, 6.4), as the platforms do, never from what snorq believes.
 */

export interface SimAttachment {
  type: string;
  mediaId?: string;
  url?: string;
  mimeType?: string;
  filename?: string;
  size?: number;
  /** Sent as a voice message (WhatsApp `audio.voice`, a bot's voice message), not as an audio file. */
  voice?: boolean;
}

export interface SimMessage {
  id: string;
  platform: SimPlatform;
  accountId: string;
  customerId: string;
  direction: 'inbound' | 'outbound';
  timestamp: number;
  text?: string;
  attachments?: SimAttachment[];
  /** Outbound lifecycle (WhatsApp, Twilio): queued/sent/delivered/read/failed/undelivered; inbound: received. */
  status?: string;
  errorCode?: number;
  /** Twilio: where status callbacks go. */
  statusCallback?: string;
  /** Platform extras kept for history answers (Twilio from/to, template names, reply ids…). */
  data?: Record<string, unknown>;
  /** The business's reaction to this message, as the platform took it (absent: none). */
  businessReaction?: string;
}

export interface SimConversation {
  /** The platform's conversation id (t_…, IG base64, TikTok conversation_id); synthetic for WhatsApp/Twilio. */
  id: string;
  platform: SimPlatform;
  accountId: string;
  customer: CustomerIdentity;
  messages: SimMessage[];
  lastCustomerMessageAt?: number;
  /** Business messages sent since the customer's last message (TikTok's 10-per-window cap). */
  businessSinceCustomer: number;
  updatedAt: number;
}

/** The newest message the business sent in the conversation (what a read receipt names by default). */
export const lastBusinessMessage = (conv: SimConversation): SimMessage | undefined => conv.messages.filter((m) => m.direction === 'outbound').at(-1);

export class ConversationStore {
  private byKey = new Map<string, SimConversation>();
  private byId = new Map<string, SimConversation>();
  private messagesById = new Map<string, SimMessage>();

  /** `keyOf`: the key a platform knows a customer by (SimulatedPlatform.customerKey; the id itself by default). */
  constructor(
    private readonly mintId: (platform: SimPlatform, accountId: string, customerId: string) => string,
    private readonly keyOf: (platform: SimPlatform, id: string) => string = (_platform, id) => id,
  ) {}

  get(platform: SimPlatform, accountId: string, customerId: string): SimConversation | undefined {
    return this.byKey.get(key(platform, accountId, this.keyOf(platform, customerId)));
  }

  /** Find or open the conversation, refreshing what the platform knows of the customer. */
  ensure(platform: SimPlatform, accountId: string, customer: CustomerIdentity, now: number): SimConversation {
    const id = this.keyOf(platform, customer.id);
    const k = key(platform, accountId, id);
    let conv = this.byKey.get(k);
    if (!conv) {
      conv = { id: this.mintId(platform, accountId, id), platform, accountId, customer: { ...customer, id }, messages: [], businessSinceCustomer: 0, updatedAt: now };
      this.byKey.set(k, conv);
      this.byId.set(conv.id, conv);
    } else {
      conv.customer = { ...conv.customer, ...stripUndefined(customer), id };
    }
    return conv;
  }

  byConversationId(id: string): SimConversation | undefined {
    return this.byId.get(id);
  }

  message(id: string): SimMessage | undefined {
    return this.messagesById.get(id);
  }

  add(conv: SimConversation, message: SimMessage): void {
    conv.messages.push(message);
    conv.messages.sort((a, b) => a.timestamp - b.timestamp);
    conv.updatedAt = Math.max(conv.updatedAt, message.timestamp);
    this.messagesById.set(message.id, message);
    if (message.direction === 'outbound') conv.businessSinceCustomer += 1;
  }

  /** The customer acted: the reply window (and TikTok's message cap) starts again from `at`. */
  customerActed(conv: SimConversation, at: number): void {
    if (conv.lastCustomerMessageAt === undefined || at >= conv.lastCustomerMessageAt) {
      conv.lastCustomerMessageAt = at;
      conv.businessSinceCustomer = 0;
    }
    conv.updatedAt = Math.max(conv.updatedAt, at);
  }

  setLastCustomerMessageAt(conv: SimConversation, at: number): void {
    conv.lastCustomerMessageAt = at;
    conv.businessSinceCustomer = 0;
  }

  /** Newest activity first. */
  list(platform: SimPlatform, accountId: string): SimConversation[] {
    return [...this.byKey.values()].filter((c) => c.platform === platform && c.accountId === accountId).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  all(platform: SimPlatform): SimConversation[] {
    return [...this.byKey.values()].filter((c) => c.platform === platform);
  }

  clear(): void {
    this.byKey.clear();
    this.byId.clear();
    this.messagesById.clear();
  }

  /**
   * The conversations as the state file keeps them (state-file.ts): every message, the customer,
   * and `lastCustomerMessageAt` as it was, so a window closes after a restart exactly when it
   * would have closed without one.
   */
  section(): StateSection<SimConversation[]> {
    return {
      schema: SavedConversations,
      save: () => [...this.byKey.values()],
      load: (saved) => {
        this.clear();
        for (const conv of saved) {
          this.byKey.set(key(conv.platform, conv.accountId, conv.customer.id), conv);
          this.byId.set(conv.id, conv);
          for (const message of conv.messages) this.messagesById.set(message.id, message);
        }
      },
    };
  }
}

const SavedMessage = z.looseObject({
  id: z.string(),
  platform: z.string(),
  accountId: z.string(),
  customerId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  timestamp: z.number(),
});
const SavedConversations = z.array(
  z.looseObject({
    id: z.string(),
    platform: z.string(),
    accountId: z.string(),
    customer: z.looseObject({ id: z.string() }),
    messages: z.array(SavedMessage),
    lastCustomerMessageAt: z.number().optional(),
    businessSinceCustomer: z.number(),
    updatedAt: z.number(),
  }),
) as unknown as z.ZodType<SimConversation[]>;

const key = (platform: SimPlatform, accountId: string, customerId: string): string => `${platform}|${accountId}|${customerId}`;

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
