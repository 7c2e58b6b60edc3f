import type { SimAccount, SimPlatform } from '../types.ts';

/** The business accounts the simulated platforms know, looked up the ways the APIs look them up. */
export class AccountRegistry {
  private accounts: SimAccount[] = [];

  /** `check`: the account's platform refuses one it cannot work with (SimulatedPlatform.checkAccount). */
  constructor(
    accounts: SimAccount[],
    private readonly check: (account: SimAccount) => void = () => {},
  ) {
    for (const account of accounts) this.add(account);
  }

  add(account: SimAccount): void {
    if (this.find(account.platform, account.accountId)) throw new Error(`simulator: duplicate ${account.platform} account ${account.accountId}`);
    this.check(account);
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
}
