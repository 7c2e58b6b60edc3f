import { instagram } from './instagram/index.ts';
import { messenger } from './messenger/index.ts';
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

/** Per platform, the kinds of customer event it has (CustomerMessage.kind). */
export const CUSTOMER_KINDS = Object.fromEntries(SIMULATED_PLATFORMS.map((p) => [p.platform, p.customerKinds])) as {
  readonly [D in Registered as D['platform']]: D['customerKinds'];
};
