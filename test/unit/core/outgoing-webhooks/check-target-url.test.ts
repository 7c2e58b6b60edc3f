import { describe, expect, it } from 'vitest';
import { checkTargetUrl, refuseAddress, refuseUrlShape } from '../../../../src/core/outgoing-webhooks/check-target-url.ts';

/** Where outgoing webhooks may go: https outside development, public addresses unless a network is allowed, with the reason. */
const production = { requireHttps: true, allowedPrivate: [] };
const development = { requireHttps: false, allowedPrivate: [] };
const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

describe('refuseUrlShape', () => {
  it('wants https in production, http too in development', () => {
    expect(refuseUrlShape('http://hooks.example.com/x', production)).toMatch(/https:\/\//);
    expect(refuseUrlShape('http://hooks.example.com/x', development)).toBeNull();
    expect(refuseUrlShape('https://hooks.example.com/x', production)).toBeNull();
    expect(refuseUrlShape('ftp://hooks.example.com/x', development)).toMatch(/https:\/\/ or http:\/\//);
    expect(refuseUrlShape('not a url', production)).toMatch(/not a valid/);
  });

  it('refuses credentials in the URL and private address literals', () => {
    expect(refuseUrlShape('https://user:pw@hooks.example.com/', production)).toMatch(/user name or password/);
    expect(refuseUrlShape('https://127.0.0.1/', production)).toMatch(/loopback/);
    expect(refuseUrlShape('https://[::1]/', production)).toMatch(/loopback/);
    expect(refuseUrlShape('https://10.1.2.3/', production)).toMatch(/private network/);
    expect(refuseUrlShape('https://169.254.169.254/latest/meta-data', production)).toMatch(/link-local/);
    expect(refuseUrlShape('https://[::ffff:192.168.0.1]/', production)).toMatch(/private network/);
    expect(refuseUrlShape('https://0.0.0.0/', production)).toMatch(/unspecified/);
  });
});

describe('refuseAddress', () => {
  it('lets public addresses through and private ones only where allowed', () => {
    expect(refuseAddress('93.184.216.34', production)).toBeNull();
    expect(refuseAddress('2606:2800:220:1::1', production)).toBeNull();
    expect(refuseAddress('127.0.0.1', { requireHttps: true, allowedPrivate: ['loopback'] })).toBeNull();
    expect(refuseAddress('10.0.0.7', { requireHttps: true, allowedPrivate: ['10.0.0.0/8'] })).toBeNull();
    expect(refuseAddress('10.0.0.7', { requireHttps: true, allowedPrivate: ['10.0.0.8'] })).toMatch(/WEBHOOK_ALLOWED_PRIVATE_NETWORKS/);
    expect(refuseAddress('fd00::1', { requireHttps: true, allowedPrivate: ['uniquelocal'] })).toBeNull();
    expect(refuseAddress('fd00::1', { requireHttps: true, allowedPrivate: ['loopback'] })).toMatch(/unique local/);
  });
});

describe('checkTargetUrl', () => {
  it('refuses a name that resolves to a private address, saying so', async () => {
    expect(await checkTargetUrl('https://hooks.example.com/', production, resolvesTo('93.184.216.34'))).toBeNull();
    expect(await checkTargetUrl('https://sneaky.example.com/', production, resolvesTo('93.184.216.34', '192.168.1.10'))).toBe(
      'sneaky.example.com resolves to 192.168.1.10 is a private network address; snorq posts webhooks only to public addresses (WEBHOOK_ALLOWED_PRIVATE_NETWORKS allows others).',
    );
    expect(
      await checkTargetUrl('https://gone.example.com/', production, async () => {
        throw new Error('ENOTFOUND');
      }),
    ).toMatch(/does not resolve/);
  });
});
