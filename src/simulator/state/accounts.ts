import type { SimContext } from '../context.ts';
import type { MetaApp, SimAccount, SimPlatform } from '../types.ts';

/** The business accounts the simulated platforms know, looked up the ways the APIs look them up. */
export class AccountRegistry {
  private accounts: SimAccount[] = [];

  constructor(accounts: SimAccount[]) {
    for (const account of accounts) this.add(account);
  }

  add(account: SimAccount): void {
    if (this.find(account.platform, account.accountId)) throw new Error(`simulator: duplicate ${account.platform} account ${account.accountId}`);
    if (account.platform === 'twilio' && !account.twilioSender) throw new Error(`simulator: twilio account ${account.accountId} needs twilioSender`);
    this.accounts.push({ ...account });
  }

  all(): SimAccount[] {
    return [...this.accounts];
  }

  find(platform: SimPlatform, accountId: string): SimAccount | undefined {
    return this.accounts.find((a) => a.platform === platform && a.accountId === accountId);
  }

  /** For customers.send: the account must exist, or the test is wrong. */
  require(platform: SimPlatform, accountId: string): SimAccount {
    const account = this.find(platform, accountId);
    if (!account)
      throw new Error(
        `simulator: no ${platform} account ${accountId} (known: ${
          this.accounts
            .filter((a) => a.platform === platform)
            .map((a) => a.accountId)
            .join(', ') || 'none'
        })`,
      );
    return account;
  }

  /** Any account (of these platforms) with this id. */
  byId(accountId: string, platforms?: readonly SimPlatform[]): SimAccount | undefined {
    return this.accounts.find((a) => a.accountId === accountId && (!platforms || platforms.includes(a.platform)));
  }

  byToken(token: string, platforms?: readonly SimPlatform[]): SimAccount[] {
    return this.accounts.filter((a) => a.accessToken === token && (!platforms || platforms.includes(a.platform)));
  }

  byWaba(wabaId: string): SimAccount[] {
    return this.accounts.filter((a) => a.platform === 'whatsapp' && wabaIdOf(a) === wabaId);
  }
}

/** WhatsApp: the WABA id of a phone number (the `entry[].id` of its webhooks, FACTS 4.1). */
export const wabaIdOf = (account: SimAccount): string => account.wabaId ?? `10${account.accountId.slice(-13).padStart(13, '0')}`;

/** WhatsApp: `metadata.display_phone_number` (digits, no `+`). */
export const displayPhoneOf = (account: SimAccount): string => (account.displayPhoneNumber ?? `1555${account.accountId.replace(/\D/g, '').slice(-7).padStart(7, '0')}`).replace(/\D/g, '');

/**
 * The Meta app an account belongs to (FACTS 3: an Instagram account is the Instagram app's when
 * connected with Instagram Login, the Facebook app's when reached through its Page): whose secret
 * signs its webhooks and checks its `appsecret_proof`. Non-Meta accounts have none.
 */
export function metaAppOf(account: SimAccount): MetaApp | undefined {
  switch (account.platform) {
    case 'messenger':
      return 'facebook';
    case 'whatsapp':
      return 'whatsapp';
    case 'instagram':
      return account.loginApp ?? (account.pageId ? 'facebook' : 'instagram');
    default:
      return undefined;
  }
}

/** The platform whose secret (SimulatorOptions.secrets) is a Meta app's secret. */
const SECRET_OF_APP = { facebook: 'messenger', instagram: 'instagram', whatsapp: 'whatsapp' } as const satisfies Record<MetaApp, SimPlatform>;

export const metaAppSecret = (ctx: SimContext, app: MetaApp): string => ctx.secret(SECRET_OF_APP[app]);
