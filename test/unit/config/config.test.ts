import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('configuration', () => {
  it('has working defaults for a laptop start', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.embeddedDatabase).toBe(true);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.META_GRAPH_URL).toBe('https://graph.facebook.com');
    expect(c.dataDir).toMatch(/\/data$/);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'abc', PUBLIC_URL: 'not a url', DATABASE_URL: 'postgres://u:p@db/snorq', ADMIN_EMAIL: 'nope', META_GRAPH_URL: 'ftp//x' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/PUBLIC_URL/);
      expect(problems).toMatch(/ADMIN_EMAIL/);
      expect(problems).toMatch(/META_GRAPH_URL/);
    }
  });

  it('demands SNORQ_SECRET_KEY with an external database, and a well-formed key', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@db/snorq' })).toThrow(/SNORQ_SECRET_KEY: required with DATABASE_URL/);
    expect(() => loadConfig({ SNORQ_SECRET_KEY: 'short' })).toThrow(/32 bytes/);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/snorq', SNORQ_SECRET_KEY: KEY }).embeddedDatabase).toBe(false);
  });

  it('refuses half-configured channels, naming what is missing', () => {
    expect(() => loadConfig({ WHATSAPP_PHONE_NUMBER_ID: '123' })).toThrow(/WHATSAPP_ACCESS_TOKEN: required to provision the WhatsApp channel/);
    expect(() => loadConfig({ WHATSAPP_PHONE_NUMBER_ID: '123', WHATSAPP_ACCESS_TOKEN: 't' })).toThrow(/WHATSAPP_APP_SECRET or FACEBOOK_APP_SECRET: required to verify/);
    expect(loadConfig({ WHATSAPP_APP_SECRET: 's' }).WHATSAPP_APP_SECRET).toBe('s');
  });

  it('never puts a secret value in its messages', () => {
    const secret = 'postgres://user:hunter2-very-secret@db/x';
    try {
      loadConfig({ DATABASE_URL: secret, SNORQ_SECRET_KEY: 'hunter2-very-secret-key', TWILIO_AUTH_TOKEN: 'tok-hunter2', PORT: '-1' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toMatch(/hunter2/);
    }
  });

  it('reads TRUST_PROXY as a list of proxies, and refuses what is not an address, range or keyword', () => {
    // Empty by default: no X-Forwarded-For is believed until the operator names the proxy.
    expect(loadConfig({}).TRUST_PROXY).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: 'loopback,linklocal,uniquelocal' }).TRUST_PROXY).toEqual(['loopback', 'linklocal', 'uniquelocal']);
    expect(loadConfig({ TRUST_PROXY: ' 203.0.113.0/24, loopback ,2001:db8::1' }).TRUST_PROXY).toEqual(['203.0.113.0/24', 'loopback', '2001:db8::1']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });
});

describe('media store', () => {
  it('is disk by default, and s3 needs a bucket and both keys or neither', () => {
    expect(loadConfig({}).MEDIA_STORE).toBe('disk');
    expect(loadConfig({ MEDIA_STORE: 'postgres' }).MEDIA_STORE).toBe('postgres');
    expect(() => loadConfig({ MEDIA_STORE: 'nfs' })).toThrow(/MEDIA_STORE/);
    expect(() => loadConfig({ MEDIA_STORE: 's3' })).toThrow(/S3_BUCKET: required with MEDIA_STORE=s3/);
    expect(() => loadConfig({ MEDIA_STORE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' })).toThrow(/set both, or neither/);
    const s3 = loadConfig({ MEDIA_STORE: 's3', S3_BUCKET: 'b', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true' });
    expect(s3).toMatchObject({ S3_BUCKET: 'b', S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: true });
    expect(() => loadConfig({ MEDIA_STORE: 's3', S3_BUCKET: 'b', S3_SECRET_ACCESS_KEY: 'very-secret-value', S3_ACCESS_KEY_ID: '' })).toThrow(ConfigError);
    try {
      loadConfig({ MEDIA_STORE: 's3', S3_BUCKET: 'b', S3_SECRET_ACCESS_KEY: 'very-secret-value' });
    } catch (err) {
      expect(String(err)).not.toContain('very-secret-value');
    }
  });
});

describe('platform variables come from the channel definitions', () => {
  it('parses each platform’s variables as its definition declares them, and keeps their secrets out of logs', async () => {
    const { CHANNELS } = await import('../../../src/channels/registry.ts');
    const { LOG_REDACT_PATHS, SECRET_KEYS } = await import('../../../src/config/config.ts');
    const { platformUrls } = await import('../../../src/channels/registry-config.ts');
    const c = loadConfig({ TWILIO_API_URL: 'http://127.0.0.1:4010/', TIKTOK_CLIENT_KEY: '  key  ' });
    expect(c.TWILIO_API_URL).toBe('http://127.0.0.1:4010');
    expect(platformUrls(c).twilio).toBe('http://127.0.0.1:4010');
    expect(c.TIKTOK_CLIENT_KEY).toBe('key');
    // @ts-expect-error a variable no definition declares is not part of Config
    expect(c.NOT_A_PLATFORM_VARIABLE).toBeUndefined();
    for (const channel of CHANNELS) {
      for (const secret of channel.config.secrets) {
        expect(SECRET_KEYS).toContain(secret);
        expect(LOG_REDACT_PATHS).toContain(`config.${secret}`);
      }
      // Each platform's base URLs reach the platform calls (PlatformCallContext.urls).
      expect(platformUrls(c)).toMatchObject(channel.config.urls(c as never));
    }
    expect(() => loadConfig({ TIKTOK_API_URL: 'not a url' })).toThrow(/TIKTOK_API_URL: must be an absolute http\(s\) URL/);
  });

  it('counts any variable with a platform’s prefix as a real deployment, even one no definition declares', () => {
    expect(loadConfig({ FACEBOOK_APP_IDD: 'typo', TWILIO_API_URL: 'http://127.0.0.1:4010', PATH: '/bin' }).platformVariables).toEqual(['FACEBOOK_APP_IDD', 'TWILIO_API_URL']);
  });
});
