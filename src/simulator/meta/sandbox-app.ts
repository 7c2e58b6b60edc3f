/** The app id the simulator's Meta OAuth dialog accepts by default (SimulatorOptions.metaAppId): the sandbox's Facebook and WhatsApp app. */
export const SANDBOX_META_APP_ID = '1517776481860111';

/** The standalone simulator's Meta app secret when snorq's variables set none (src/simulator/main.ts). */
export const STANDALONE_META_SECRET = 'sim-meta-app-secret';
