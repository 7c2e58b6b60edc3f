import { instagram } from './instagram/index.ts';
import { messenger } from './messenger/index.ts';
import type { SimulatedPlatform } from './simulated-platform.ts';
import { tiktok } from './tiktok/index.ts';
import { twilio } from './twilio/index.ts';
import { whatsapp } from './whatsapp/index.ts';

/**
 * The simulated platforms, one line each. The server registers their routes and OAuth endpoints
 * from this list and the customers' side dispatches through it; a new platform is its folder
 * (exporting a SimulatedPlatform, see simulated-platform.ts) plus its line here.
 */
export const SIMULATED_PLATFORMS: readonly SimulatedPlatform[] = [
  messenger,
  instagram,
  whatsapp,
  twilio,
  tiktok,
];
