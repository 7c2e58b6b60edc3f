import type { z } from 'zod';
import type { AppSecrets, ChannelCredentials } from './types.ts';
import { CHANNELS, channelOf } from './registry.ts';

/**
 * What the registry's `config` sections add up to: the platforms' variables in one zod shape (the
 * config loader extends its own schema with it), their types, and the base URLs every platform
 * call and connect flow is made against.
 */

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Configs = (typeof CHANNELS)[number]['config'];
type EnvOf<C> = C extends { env: infer S extends z.ZodRawShape } ? z.output<z.ZodObject<S>> : never;
type UrlsOf<C> = C extends { urls(env: never): infer U } ? U : never;

/** Every platform's variables, as parsed (`FACEBOOK_APP_ID`, `TWILIO_API_URL`, …). */
export type ChannelEnv = UnionToIntersection<EnvOf<Configs>>;

/** Every platform's base URLs by name (`metaGraph`, `twilio`, …): `PlatformCallContext.urls`. */
export type PlatformUrls = UnionToIntersection<UrlsOf<Configs>>;

/** The zod shape of every platform's variables (a variable shared by several platforms is one schema). */
export const channelEnvShape: z.ZodRawShape = Object.assign({}, ...CHANNELS.map((channel) => channel.config.env));

/** Names of the variables whose values are secrets, over every platform. */
export const channelSecretKeys: string[] = [...new Set(CHANNELS.flatMap((channel) => channel.config.secrets))];

/** Name prefixes of the platforms' variables (a misspelt one still says "this is a real deployment"). */
export const channelVariablePrefixes: string[] = [...new Set(CHANNELS.flatMap((channel) => channel.config.prefixes))];

/** The base URLs of every platform from the configuration. */
export function platformUrls(env: ChannelEnv): PlatformUrls {
  return Object.assign({}, ...CHANNELS.map((channel) => (channel.config.urls as (e: ChannelEnv) => Record<string, string>)(env))) as PlatformUrls;
}

/** The app secrets that prove a channel's calls (its definition's `config.appSecrets`), undefined when its platform has none. */
export function platformAppSecrets(env: ChannelEnv, credentials: ChannelCredentials): AppSecrets | undefined {
  const appSecrets = channelOf(credentials.platform).config.appSecrets as ((e: ChannelEnv, c: ChannelCredentials) => AppSecrets | undefined) | undefined;
  return appSecrets?.(env, credentials);
}
