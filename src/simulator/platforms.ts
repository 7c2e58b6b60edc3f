import { instagram } from './instagram/index.ts';
import { messenger } from './messenger/index.ts';
import type { PlatformSandbox } from './platform-sandbox.ts';
import type { SimulatedPlatform } from './simulated-platform.ts';
import { telegram } from './telegram/index.ts';
import type { SimPlatform } from './types.ts';
import { tiktok } from './tiktok/index.ts';
import { twilio } from './twilio/index.ts';
import { whatsapp } from './whatsapp/index.ts';

/**
 * The simulated platforms, one line each. The server registers their routes and OAuth endpoints
 * from this list and the customers' side dispatches through it; a new platform is its folder
 * (exporting a SimulatedPlatform, see simulated-platform.ts) plus its line here.
 */
export const SIMULATED_PLATFORMS = [messenger, instagram, whatsapp, twilio, tiktok, telegram] as const satisfies readonly SimulatedPlatform[];

type Registered = (typeof SIMULATED_PLATFORMS)[number];

export const SIM_PLATFORMS = SIMULATED_PLATFORMS.map((p) => p.platform) as [SimPlatform, ...SimPlatform[]];

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Every platform's OAuth controls together (`Simulator.oauth`, `oauthControls` of each). */
export type PlatformOAuthControls = UnionToIntersection<ReturnType<Extract<Registered, { oauthControls: unknown }>['oauthControls']>>;

/** Every platform's hosts together (`Simulator.baseUrls`, `baseUrls` of each). */
export type PlatformBaseUrls = UnionToIntersection<ReturnType<Extract<Registered, { baseUrls: unknown }>['baseUrls']>>;

/** The platforms whose customers can send several events in one POST (`customers.batch`). */
export type BatchPlatform = Extract<Registered, { customer: { batch: unknown } }>['platform'];

/** The platforms with a webhook verification handshake (`customers.handshake`). */
export type HandshakePlatform = Extract<Registered, { customer: { handshake: unknown } }>['platform'];

/** Per platform, the kinds of customer event it has (CustomerMessage.kind). */
export const CUSTOMER_KINDS = Object.fromEntries(SIMULATED_PLATFORMS.map((p) => [p.platform, p.customerKinds])) as {
  readonly [D in Registered as D['platform']]: D['customerKinds'];
};

/**
 * Per platform, the refusals a `platform_error` fault can make (each platform's `errorFaults`):
 * Meta's `code` or `code/subcode`, Twilio's delivery codes (accepted, then failed on the
 * StatusCallback), TikTok's `code`, and a short name for refusals a platform words without a code.
 */
export const PLATFORM_ERROR_FAULTS: Readonly<Record<SimPlatform, readonly string[]>> = Object.fromEntries(
  (SIMULATED_PLATFORMS as readonly SimulatedPlatform[]).map((p) => [p.platform, p.errorFaults ?? []]),
) as Record<SimPlatform, readonly string[]>;

/** The platforms that bring a sandbox section (platform-sandbox.ts), in the list's order: what `npm start`'s sandbox iterates. */
export const SANDBOXES: readonly { platform: SimPlatform; sandbox: PlatformSandbox }[] = (SIMULATED_PLATFORMS as readonly SimulatedPlatform[]).flatMap((p) =>
  p.sandbox ? [{ platform: p.platform as SimPlatform, sandbox: p.sandbox }] : [],
);
