import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildWebApp, hasChromium, signIn } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { followRequests } from '../helpers/move-in-app.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * The people settings in a browser: an admin adds an agent, who signs in and sees only what an
 * agent may (and renames themselves); an admin's API token is shown once and revoked; and the
 * three pages fit a 375 px phone without scrolling sideways.
 */

describe.skipIf(!hasChromium)('settings: users, profile, API tokens', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  /**
   * One 1280 px page shared by the tests (each signs in afresh on it and loads its page; the phone
   * test resizes it: the layout follows the width through CSS alone): a new page is a new renderer
   * process, ~1 s of Chromium's CPU.
   */
  const sharedPage = () => browser.sharedPage({ viewport: { width: 1280, height: 800 } });

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq();
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('an admin adds an agent, who signs in, sees only an agent’s settings and renames themselves', { timeout: 90_000 }, async () => {
    const page = await sharedPage();
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/users' });
    // Checked before sending: nothing typed.
    await page.getByTestId('new-user-submit').click();
    await page.getByTestId('new-user-email-error').waitFor();
    await page.getByTestId('new-user-name').fill('Ada Agent');
    await page.getByTestId('new-user-email').fill('agent@sandbox.test');
    await page.getByTestId('new-user-generate').click();
    const password = await page.getByTestId('new-user-password').inputValue();
    expect(password).toHaveLength(16);
    // The server's refusal (the address is taken) appears beside the e-mail field.
    await page.getByTestId('new-user-submit').click();
    await page.getByTestId('new-user-email-error').filter({ hasText: 'already exists' }).waitFor();
    await page.getByTestId('new-user-email').fill('ada@example.test');
    await page.getByTestId('new-user-submit').click();
    await page.getByTestId('new-user-added').waitFor();
    const row = page.locator('[data-testid="user-row"][data-email="ada@example.test"]');
    await row.getByTestId('user-status').filter({ hasText: 'Active' }).waitFor();
    expect(await row.getByTestId('user-role').inputValue()).toBe('agent');

    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-email').waitFor();
    await signIn(page, s.snorq.url, { email: 'ada@example.test', password }, { live: false });
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-nav-profile').waitFor();
    await page.getByTestId('settings-nav-channels').waitFor();
    expect(await page.getByTestId('settings-nav-users').count()).toBe(0);
    expect(await page.getByTestId('settings-nav-tokens').count()).toBe(0);

    await page.goto(`${s.snorq.url}/settings/users`);
    await page.getByTestId('not-allowed').filter({ hasText: 'Not allowed' }).waitFor();
    expect(await page.getByTestId('users-table').count()).toBe(0);

    // The old notification settings address leads to the profile, which now holds them.
    await page.goto(`${s.snorq.url}/settings/notifications`);
    await page.waitForURL(/\/settings\/profile$/);
    await page.getByTestId('notify-pref-newMessage').waitFor();
    await page.getByTestId('profile-name').fill('Ada Lovelace');
    await page.getByTestId('profile-name-save').click();
    await page.locator('.shell__user').filter({ hasText: 'Ada Lovelace' }).waitFor();
    await page.getByTestId('my-session').and(page.locator('[data-current="true"]')).waitFor();
  });

  it('an admin creates an API token, sees its secret once, and revokes it', { timeout: 60_000 }, async () => {
    const page = await sharedPage();
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/tokens' });
    await page.getByTestId('new-token-name').fill('CRM export');
    await page.getByTestId('new-token-submit').click();
    await page.getByTestId('new-token-secret').filter({ hasText: "won't see it again" }).waitFor();
    const secret = await page.getByTestId('new-token-value').textContent();
    expect(secret).toMatch(/^snq_api_/);
    const useToken = () => fetch(`${s.snorq.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status);
    expect(await useToken()).toBe(200);
    const row = page.locator('[data-testid="token-row"][data-name="CRM export"]');
    await row.filter({ hasText: 'Agent' }).waitFor();

    // Once the page is left, the secret is gone for good.
    await page.reload();
    await row.waitFor();
    expect(await page.getByTestId('new-token-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret!);

    await row.getByTestId('token-revoke').click();
    await row.getByTestId('token-revoke-yes').click();
    await page.getByTestId('tokens-empty').waitFor();
    expect(await useToken()).toBe(401);
  });

  it('fits each people page into 375 px without sideways scrolling', { timeout: 60_000 }, async () => {
    const page = await sharedPage();
    await page.setViewportSize({ width: 375, height: 800 });
    onTestFinished(() => page.setViewportSize({ width: 1280, height: 800 }));
    // Loaded once, then moved between the pages inside the app (move-in-app.ts: ~0.1 s of CPU a page against ~0.5 s for a load).
    const moves = followRequests(page);
    const ready: Record<string, string> = { '/settings/users': 'users-table', '/settings/profile': 'notify-pref-newMessage', '/settings/tokens': 'new-token-form' };
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/users' });
    for (const [path, testId] of Object.entries(ready)) {
      if (path !== '/settings/users') await moves.moveTo(path, (p) => p.getByTestId(testId).waitFor());
      await page.getByTestId(testId).waitFor();
      if (path === '/settings/users') {
        await page.getByTestId('user-sessions-toggle').first().click();
        await page.getByTestId('user-session').first().waitFor();
      }
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
  });
});
