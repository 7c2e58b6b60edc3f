import path from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';
import { CHANNELS } from '../channels/registry.ts';
import { channelEnvShape, channelSecretKeys, channelVariablePrefixes, type ChannelEnv } from '../channels/registry-config.ts';
import { optionalString, port } from './env-values.ts';

/**
 * The whole of snorq's configuration: one schema over the environment, loaded once at start.
 * Names follow DESIGN.md ("The contract other programs rely on"). Every problem is reported at
 * once; values of keys listed in SECRET_KEYS never reach a log line or an error message.
 * The platforms' variables are not listed here: each platform declares its own in its definition's
 * `config` section (src/channels/<platform>/config.ts) and the registry brings them in.
 */

const CoreEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalString.pipe(z.url({ message: 'must be a postgres:// URL' }).optional()),
  /** Longest a statement of the app's pool may run (ms; 0 = no limit). Migrations and the CLI have none. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  PUBLIC_URL: optionalString.pipe(z.url({ message: 'must be an absolute URL' }).optional()),
  SNORQ_SECRET_KEY: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Which proxies' X-Forwarded-For is believed (the client address rate limits key on): addresses,
   * CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`. Empty by default: the peer's address
   * counts, and X-Forwarded-For is ignored, so that no client — not even one on a private network
   * or a container next door — mints itself fresh addresses. Name the reverse proxy in front of
   * snorq (README "Behind a reverse proxy").
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().refine((x) => ['loopback', 'linklocal', 'uniquelocal'].includes(x) || isIP(x.split('/')[0]!) !== 0, {
          message: 'must list addresses, CIDR ranges or loopback/linklocal/uniquelocal, separated by commas',
        }),
      ),
    ),
  /** A session unused (no authenticated request) this long ends; 0 keeps sessions until their 14 days are over. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(0).default(720),
  /** How often an open Socket.IO connection checks that its token still holds (revocations also end it at once). */
  SOCKET_RECHECK_SECONDS: z.coerce.number().int().min(1).default(60),
  /** A tab with no input for this long reports itself idle: its agent shows as away (src/core/presence). */
  PRESENCE_IDLE_SECONDS: z.coerce.number().int().min(1).default(300),
  /** How often each instance vouches for its live sockets; an instance silent for three times this no longer keeps its agents online. */
  PRESENCE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).default(30),
  /** Failed sign-ins for one email, from any address, before it is locked for SIGN_IN_LOCK_MINUTES. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  SIGN_IN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Sign-ins per minute from one address (an IPv6 /64), whatever the email: password spraying. */
  SIGN_IN_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** How long the audit log keeps an entry. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  ADMIN_EMAIL: optionalString.pipe(z.email({ message: 'must be an email address' }).optional()),
  ADMIN_PASSWORD: optionalString.pipe(z.string().min(10, 'must be at least 10 characters').optional()),
  /**
   * `auto` runs the bundled platform simulator only where it can take nothing over: no platform
   * variable set, no channel an operator connected, not production (src/sandbox/decide-sandbox.ts).
   */
  SIMULATOR: z.enum(['auto', 'on', 'off']).default('auto'),
  SIMULATOR_PORT: port(3001),
  SYNC_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(30),
  /** Where media bytes live: `disk` (DATA_DIR/media, one machine), `postgres` or `s3` (shared by every instance). */
  MEDIA_STORE: z.enum(['disk', 'postgres', 's3']).default('disk'),
  S3_BUCKET: optionalString,
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  /** Any S3-compatible service (MinIO, Garage, R2, …); empty for AWS itself. */
  S3_ENDPOINT: optionalString.pipe(z.url({ message: 'must be an absolute http(s) URL' }).optional()),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /**
   * Web Push's VAPID key pair (base64url, as `npx web-push generate-vapid-keys` prints them). Unset:
   * generated once into DATA_DIR/vapid.json (embedded database) or into the database (shared by
   * every instance on an external one). Changing the pair invalidates every device's subscription.
   */
  VAPID_PUBLIC_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{87}$/, 'must be a P-256 public key, 65 bytes in base64url')
      .optional(),
  ),
  VAPID_PRIVATE_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'must be a P-256 private key, 32 bytes in base64url')
      .optional(),
  ),
  /** Who the push services may contact about snorq's pushes (mailto: or https:); by default PUBLIC_URL when https. */
  VAPID_SUBJECT: optionalString.pipe(
    z
      .string()
      .regex(/^(mailto:|https:\/\/)\S+$/, 'must be a mailto: address or an https:// URL')
      .optional(),
  ),
  /**
   * Outgoing webhooks (src/core/outgoing-webhooks/check-target-url.ts): the private networks a
   * subscription's URL may resolve to — addresses, CIDR ranges, or `loopback`, `private`,
   * `linklocal`, `uniquelocal`. Empty by default: only public addresses are posted to.
   */
  WEBHOOK_ALLOWED_PRIVATE_NETWORKS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().refine((x) => ['loopback', 'private', 'linklocal', 'uniquelocal'].includes(x) || isIP(x.split('/')[0]!) !== 0, {
          message: 'must list addresses, CIDR ranges or loopback/private/linklocal/uniquelocal, separated by commas',
        }),
      ),
    ),
  /** How long a webhook receiver has to answer one delivery before it counts as failed (ms). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(10_000),
  /** The first retry's delay (ms); each further retry doubles it, with jitter, up to WEBHOOK_RETRY_MAX_MS. */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(100).default(30_000),
  WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(100).default(3_600_000),
  /**
   * Hosts a browser's push subscription may name, beyond the push services of the major browsers
   * (src/core/notifications/push-endpoints.ts): snorq posts to them, so no other host is taken.
   */
  PUSH_SERVICE_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean),
    ),
});

/**
 * A language model for drafts, summaries and translations (src/core/ai): any OpenAI-compatible
 * chat-completions endpoint (OpenAI, Azure OpenAI, a local Ollama, vLLM or llama.cpp server). Unset,
 * snorq offers only its offline suggestions; set, an admin still turns it on per organisation.
 */
const AiEnvSchema = z.object({
  /** The API's base, up to and including `/v1` (snorq posts to `<AI_BASE_URL>/chat/completions`). */
  AI_BASE_URL: optionalString.pipe(z.url({ message: 'must be an absolute http(s) URL such as https://api.openai.com/v1' }).optional()),
  /** Sent as `Authorization: Bearer …`; a local server may need none. */
  AI_API_KEY: optionalString,
  AI_MODEL: optionalString,
  /** Longest wait for the model's next piece of an answer (ms): past it snorq falls back to the offline suggestions. */
  AI_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
});

/** Every variable: snorq's own and each platform's (src/channels/registry-config.ts). */
const EnvSchema = CoreEnvSchema.extend(AiEnvSchema.shape).extend(channelEnvShape);

/** snorq's own keys whose values are secrets (the platforms' come from their definitions). */
const CORE_SECRET_KEYS = ['DATABASE_URL', 'SNORQ_SECRET_KEY', 'ADMIN_PASSWORD', 'S3_SECRET_ACCESS_KEY', 'VAPID_PRIVATE_KEY', 'AI_API_KEY'] as const satisfies readonly (keyof (z.input<
  typeof CoreEnvSchema
> &
  z.input<typeof AiEnvSchema>))[];

/** Keys whose values are secrets: never logged, never echoed in errors. */
export const SECRET_KEYS: readonly string[] = [...CORE_SECRET_KEYS, ...channelSecretKeys];

export type Env = z.infer<typeof CoreEnvSchema> & z.infer<typeof AiEnvSchema> & ChannelEnv;

export type Config = Env & {
  /** Absolute path of DATA_DIR. */
  dataDir: string;
  /** PUBLIC_URL, or http://localhost:PORT when unset; never ends in a slash. */
  publicUrl: string;
  /** True when no DATABASE_URL is given and snorq runs its own PostgreSQL in DATA_DIR. */
  embeddedDatabase: boolean;
  /** Names of the platform variables the environment sets (any FACEBOOK_, INSTAGRAM_, … name), sorted. */
  platformVariables: string[];
};

/** A platform's variable, known to the schema or not (a misspelt one still says "this is a real deployment"). */
const isPlatformVariable = (name: string): boolean => channelVariablePrefixes.some((prefix) => name.startsWith(prefix));

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`snorq cannot start: the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse the environment into a Config, or throw one ConfigError that lists every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env) as z.ZodSafeParseResult<Env>;
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      // zod messages never contain the input value, so secrets cannot leak through them.
      problems.push(`${key}: ${issue.message}`);
    }
  }
  if (parsed.success) {
    const e = parsed.data;
    if (e.DATABASE_URL && !e.SNORQ_SECRET_KEY) {
      problems.push('SNORQ_SECRET_KEY: required with DATABASE_URL (platform tokens are encrypted with it; every instance must share it). Generate one with: openssl rand -base64 32');
    }
    if (e.SNORQ_SECRET_KEY && !isValidSecretKey(e.SNORQ_SECRET_KEY)) {
      problems.push('SNORQ_SECRET_KEY: must be 32 bytes, given as base64 (44 characters) or hex (64 characters)');
    }
    if (e.ADMIN_PASSWORD && !e.ADMIN_EMAIL) problems.push('ADMIN_EMAIL: required when ADMIN_PASSWORD is set');
    if (e.MEDIA_STORE === 's3' && !e.S3_BUCKET) problems.push('S3_BUCKET: required with MEDIA_STORE=s3');
    if (!e.VAPID_PUBLIC_KEY !== !e.VAPID_PRIVATE_KEY) problems.push('VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both, or neither (snorq then generates a pair)');
    if (e.AI_BASE_URL && !e.AI_MODEL) problems.push('AI_MODEL: required with AI_BASE_URL (the model the endpoint should answer with, such as gpt-4o-mini or llama3.1)');
    if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) problems.push('S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both, or neither (the AWS SDK then finds credentials itself)');
    problems.push(...incompleteChannelProblems(e));
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    ...e,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    embeddedDatabase: !e.DATABASE_URL,
    platformVariables: Object.keys(env)
      .filter((k) => isPlatformVariable(k) && (env[k] ?? '').trim() !== '')
      .sort(),
  };
}

/**
 * A channel in the environment is all-or-nothing (half a channel is a typo, not a choice), and it
 * needs the secret its platform signs webhooks with, or every webhook would be refused. Each
 * platform names its keys in its definition (`config.envChannel`).
 */
function incompleteChannelProblems(e: Env): string[] {
  const problems: string[] = [];
  const values = e as unknown as Record<string, unknown>;
  for (const channel of CHANNELS) {
    const group = channel.config.envChannel;
    if (!group) continue;
    const { keys, signing } = group;
    const name = channel.ui.name;
    const set = keys.filter((k) => values[k] !== undefined);
    if (set.length > 0 && set.length < keys.length) {
      const missing = keys.filter((k) => values[k] === undefined);
      problems.push(`${missing.join(', ')}: required to provision the ${name} channel (${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set)`);
    } else if (set.length === keys.length && !signing.some((k) => values[k] !== undefined)) {
      problems.push(`${signing.join(' or ')}: required to verify the ${name} channel's webhooks`);
    }
  }
  return problems;
}

export function isValidSecretKey(value: string): boolean {
  return decodeSecretKey(value) !== null;
}

/** 32-byte key from base64 or hex; null when it is neither. */
export function decodeSecretKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const b = Buffer.from(value, 'base64');
  return b.length === 32 ? b : null;
}

/** Paths pino must redact: secrets anywhere they might travel in a log object. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  // every platform's signature header (a shared secret on some platforms: never logged)
  ...new Set(CHANNELS.map((c) => `req.headers["${c.webhook.signatureHeader.toLowerCase()}"]`)),
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.credentials',
  ...SECRET_KEYS.map((k) => `config.${k}`),
];
