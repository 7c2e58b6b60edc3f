import { createContext, keepState } from './context.ts';
import { registerCdnRoutes } from './cdn/routes.ts';
import { registerControlRoutes } from './control/routes.ts';
import { registerLanguageModel, registerLanguageModelControls } from './language-model/routes.ts';
import { LANGUAGE_MODEL_MODES, LanguageModelState } from './language-model/state.ts';
import { createCustomerSide } from './customers/index.ts';
import { registerOAuthRoutes, type SimulatorWithOAuth } from './oauth/index.ts';
import { SIMULATED_PLATFORMS } from './platforms.ts';
import { createServer } from './server.ts';
import type { SimulatedPlatform } from './simulated-platform.ts';
import type { SimulatorOptions } from './types.ts';

export * from './types.ts';
export { CUSTOMER_KINDS, PLATFORM_ERROR_FAULTS, SANDBOXES, SIM_PLATFORMS } from './platforms.ts';
export type { DemoMessage, PlatformSandbox, SandboxVariable } from './platform-sandbox.ts';
export { SimulatorUsageError } from './customers/built-event.ts';
export type { SimOAuth, SimulatorWithOAuth } from './oauth/index.ts';

/**
 * Start the platform simulator: every platform listed in platforms.ts (Meta's Graph API for
 * Messenger, Instagram and WhatsApp Cloud, graph.instagram.com, Twilio, TikTok, …) on one HTTP
 * server, plus customers who post signed webhooks to snorq. See README.md beside this file for
 * what is faithful and what is simplified.
 *
 * OAuth: each platform's consent pages and token endpoints (`SimulatedPlatform.registerOAuth`);
 * `oauth` holds the controls tests use.
 */
export async function startSimulator(options: SimulatorOptions): Promise<SimulatorWithOAuth> {
  const ctx = createContext(options, SIMULATED_PLATFORMS);
  keepState(ctx, SIMULATED_PLATFORMS);
  const stateLoad = ctx.state.load();
  // A state the file did not hold is written at once: it records where its counters start.
  if (stateLoad.outcome !== 'restored') ctx.state.saveNow();
  const customers = createCustomerSide(ctx);
  const app = createServer(ctx);
  const oauth = registerOAuthRoutes(app, ctx, SIMULATED_PLATFORMS);
  const languageModel = new LanguageModelState();
  const reset = (): void => {
    languageModel.clear();
    oauth.clear();
    ctx.timers.clear();
    ctx.faults.clear();
    ctx.recorder.clear();
    ctx.conversations.clear();
    ctx.media.clear();
    ctx.state.changed();
  };
  for (const platform of SIMULATED_PLATFORMS) platform.registerRoutes(app, ctx);
  registerCdnRoutes(app, ctx, SIMULATED_PLATFORMS);
  registerControlRoutes(app, ctx, customers, reset);
  // A language model is no platform: an OpenAI-compatible endpoint beside them (AI_BASE_URL = <url>/v1).
  registerLanguageModel(app, ctx, languageModel);
  registerLanguageModelControls(app, languageModel, LANGUAGE_MODEL_MODES);

  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  ctx.url = url;
  ctx.log(`simulator listening on ${url}, webhooks to ${ctx.options.webhookBaseUrl}`);

  return {
    url,
    baseUrls: baseUrlsOf(url),
    oauth,
    customers,
    recorded: ctx.recorder,
    faults: ctx.faults,
    languageModel,
    /** A message as the platform holds it: for a send, what the customer received (a template filled). */
    message: (id: string) => ctx.conversations.message(id),
    controlSecret: ctx.options.controlSecret,
    reset,
    stateLoad,
    close: async () => {
      ctx.timers.clear();
      await app.close();
      ctx.state.close();
    },
  };
}

/** Each platform's hosts under the simulator's URL (`SimulatedPlatform.baseUrls`). */
function baseUrlsOf(url: string): SimulatorWithOAuth['baseUrls'] {
  const platforms: readonly SimulatedPlatform[] = SIMULATED_PLATFORMS;
  return Object.assign({}, ...platforms.map((p) => p.baseUrls?.(url) ?? {})) as SimulatorWithOAuth['baseUrls'];
}
