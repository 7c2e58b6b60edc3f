import type { Agent } from 'node:https';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from './config/config.ts';
import { ensureFirstAdmin } from './core/accounts/users.ts';
import { defaultOrganizationId, envChannelSpecs, provisionChannels } from './core/channel-accounts/provision-env-channels.ts';
import { subscribeEnvChannels } from './core/channel-accounts/subscribe-env-channels.ts';
import { wakeSnoozedConversations } from './core/conversations/update-conversation.ts';
import { createSecretBox } from './core/crypto/secret-box.ts';
import { resolveSecretKey } from './core/crypto/secret-key.ts';
import { recoverJournal } from './core/ingest/recover-journal.ts';
import { createMediaFetcher } from './core/media/media-fetcher.ts';
import { createProfileFetcher } from './core/contacts/profile-fetcher.ts';
import { createMediaServices, outboundMediaResolver } from './core/media/media-services.ts';
import { createSubscriptionChecker } from './core/connections/subscription-checker.ts';
import { createTokenRefresher } from './core/connections/token-refresher.ts';
import { createUploadSweeper } from './core/media/sweep-orphaned-uploads.ts';
import { createAuditPruner } from './core/audit/prune-audit-log.ts';
import { createRecentSearchIndexJob } from './core/search/recent-search-index.ts';
import { createOutboxWorker, type OutboxWorker } from './core/outbox/outbox-worker.ts';
import { createWebhooks } from './core/outgoing-webhooks/create-webhooks.ts';
import { createAutomationWorker } from './core/automation/automation-worker.ts';
import type { WebhookWorker } from './core/outgoing-webhooks/webhook-worker.ts';
import { startRoutingWorker } from './core/routing/routing-worker.ts';
import { createSyncScheduler } from './core/sync/sync-scheduler.ts';
import { createEventStream } from './core/realtime/event-stream.ts';
import { createPushNotifier, type PushNotifier } from './core/notifications/push-notifier.ts';
import { vapidKeysOnce, type VapidKeys } from './core/notifications/vapid-keys.ts';
import { startDatabase, type RunningDatabase } from './db/start-database.ts';
import { buildApp } from './server/app.ts';
import type { AppContext } from './server/context.ts';
import { attachRealtime } from './server/realtime/socket-server.ts';
import { attachPresence, type PresenceTracker } from './server/realtime/presence-sockets.ts';
import { attachConversationActivity } from './server/realtime/conversation-activity-sockets.ts';
import { createPlatformTyping } from './core/typing/platform-typing.ts';
import { createActivityChannel } from './core/presence/activity-channel.ts';
import { chooseMode, connectSandbox, type SandboxMode } from './sandbox/sandbox-mode.ts';

export interface RunningSnorq {
  app: FastifyInstance;
  ctx: AppContext;
  database: RunningDatabase;
  /** The first start created the admin: its email and, when generated, the password to print once. */
  firstAdmin: Awaited<ReturnType<typeof ensureFirstAdmin>>;
  /** Sandbox or real platforms, and why; with the sandbox, whether its channels and demo were added. */
  mode: SandboxMode & { channels?: boolean; seeded?: boolean };
  url: string;
  /** Web Push (src/core/notifications/push-notifier.ts). */
  notifier: PushNotifier;
  /** Agents' presence from this instance's sockets (src/server/realtime/presence-sockets.ts). */
  presence: PresenceTracker;
  stop(): Promise<void>;
}

/**
 * The composition root: everything `npm start` runs, in one place, so that tests and benchmarks
 * start exactly the same snorq. Order: database and migrations → secrets → first admin → sandbox
 * or real platforms (SIMULATOR; the database's channels are part of the choice) → channels from
 * the environment → HTTP app → real time → background workers → listen → sandbox channels, and
 * the webhooks of environment channels whose platform is told where to post.
 */
export interface StartOptions {
  listen?: boolean;
  /** The HTTPS agent Web Push requests go through (a proxy's, or one trusting a private push service's CA). */
  pushAgent?: Agent;
}

export async function startSnorq(config: Config, log: FastifyBaseLogger, options: StartOptions = {}): Promise<RunningSnorq> {
  const database = await startDatabase(config, (msg) => log.info(msg));
  const { db } = database;
  const secretBox = createSecretBox(await resolveSecretKey(config));
  const firstAdmin = await ensureFirstAdmin(db, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
  const mode = await chooseMode(
    config,
    db,
    (msg) => log.debug(msg),
    (msg) => log.warn(msg),
  ).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });
  if (mode.running) config = mode.running.config;

  const envChannels = await provisionEnvChannels({ db, config, secretBox, log });

  const media = await createMediaServices(config, db);
  const mediaFetcher = createMediaFetcher({ db, secretBox, config, store: media.store, log });
  const outbox = createOutboxWorker({ db, config, secretBox, resolveMedia: outboundMediaResolver(media), log });
  // Automation starts with the realtime stream below; until then there is nothing to wake.
  let wakeAutomation = () => {};
  const profiles = createProfileFetcher({ db, secretBox, config, log, onProfilesKept: () => wakeAutomation() });
  const vapidKeys = vapidKeysOnce(config, db, secretBox);
  const webhooks = createWebhooks({ db, config, secretBox, vapid: vapidKeys, agent: options.pushAgent, log });
  const ctx: AppContext = { config, db, secretBox, outbox, media, profiles, vapidKeys, webhooks, onMediaToFetch: (ids) => mediaFetcher.enqueue(ids) };
  const app = await buildApp(ctx, { logger: log });

  const realtime = await startRealtime(app, {
    db,
    connectionString: database.connectionString,
    vapidKeys,
    log,
    pushAgent: options.pushAgent,
    webhooks,
    outbox,
  }).catch(async (err: unknown) => {
    await mode.running?.simulator.close();
    await database.close();
    throw err;
  });
  wakeAutomation = () => realtime.automation.wake();

  const late: LateParts = { timers: [] };
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stopInOrder({ app, database, mode, realtime, outbox, webhooks, mediaFetcher, profiles }, late));

  // A start that fails from here on (the port taken, say) stops what it started, the embedded
  // PostgreSQL among it, before it throws: the process would otherwise stay up with its workers, or
  // exit and leave PostgreSQL running.
  try {
    // Work a crash may have left behind: journaled webhooks never applied, media never fetched.
    const recovered = await recoverJournal({ db }, { olderThanMs: 0 });
    if (recovered > 0) log.info({ recovered }, 'applied webhooks journaled before the last stop');
    void mediaFetcher.sweep();
    profiles.wake();
    outbox.start();
    late.housekeeping = startHousekeeping({ db, config, secretBox, log, media, mediaFetcher });
    late.timers = [
      setInterval(() => void wakeSnoozedConversations(db).catch((err) => log.warn({ err }, 'waking snoozed conversations failed')), 30_000),
      setInterval(() => void recoverJournal({ db }, { olderThanMs: 60_000 }).catch((err) => log.warn({ err }, 'journal recovery failed')), 60_000),
    ];

    if (options.listen !== false) await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    // The sandbox's webhooks (demo conversations) need snorq listening.
    const added = mode.running && options.listen !== false ? await connectSandbox(db, secretBox, mode.running, log) : {};
    // In the background, so an unreachable platform never delays the start.
    late.subscribing = envChannels.subscribe();

    return {
      app,
      ctx,
      database,
      firstAdmin,
      mode: { ...mode, ...added },
      url: `http://127.0.0.1:${port}`,
      notifier: realtime.notifier,
      presence: realtime.presence,
      stop,
    };
  } catch (err) {
    await stop().catch((stopErr: unknown) => log.error({ err: stopErr }, 'stopping after a failed start failed'));
    throw err;
  }
}

/** What the start's last steps add; a start that fails before them has none of it. */
interface LateParts {
  timers: NodeJS.Timeout[];
  housekeeping?: { stop(): Promise<void> };
  subscribing?: Promise<unknown>;
}

interface Parts {
  app: FastifyInstance;
  database: RunningDatabase;
  mode: Awaited<ReturnType<typeof chooseMode>>;
  realtime: Awaited<ReturnType<typeof startRealtime>>;
  outbox: OutboxWorker;
  webhooks: ReturnType<typeof createWebhooks>;
  mediaFetcher: ReturnType<typeof createMediaFetcher>;
  profiles: ReturnType<typeof createProfileFetcher>;
}

/** Stops a snorq, or what a failed start had started: the workers, then the sockets and HTTP, then the database. */
async function stopInOrder({ app, database, mode, realtime, outbox, webhooks, mediaFetcher, profiles }: Parts, late: LateParts): Promise<void> {
  late.timers.forEach(clearInterval);
  await late.subscribing;
  await late.housekeeping?.stop();
  await realtime.automation.stop();
  await Promise.all([outbox.stop(), webhooks.stop()]);
  await mediaFetcher.stop();
  await profiles.stop();
  // Close live sockets first: the HTTP server only finishes closing once they are gone.
  realtime.io.disconnectSockets(true);
  realtime.io.engine.close();
  // In-flight requests get a few seconds to finish; a connection still open after that (a
  // client that keeps a request half-sent) must not keep snorq from stopping.
  const closing = app.close();
  const drained = await Promise.race([closing.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5000).unref())]);
  if (!drained) app.server.closeAllConnections();
  await closing;
  await realtime.presence.stop().then(() => realtime.notifier.stop());
  await realtime.stream.stop();
  await mode.running?.simulator.close();
  await database.close();
}

/** The periodic jobs; stopped in the order they started. */
function startHousekeeping(deps: {
  db: RunningDatabase['db'];
  config: Config;
  secretBox: AppContext['secretBox'];
  log: FastifyBaseLogger;
  media: Awaited<ReturnType<typeof createMediaServices>>;
  mediaFetcher: ReturnType<typeof createMediaFetcher>;
}): { stop(): Promise<void> } {
  const { db, config, secretBox, log, media, mediaFetcher } = deps;
  const jobs = [
    // Pull each channel's history every SYNC_INTERVAL_SECONDS (0 disables): messages whose webhook never came.
    createSyncScheduler({ db, config, secretBox, log, onMediaToFetch: (ids) => mediaFetcher.enqueue(ids) }),
    // Tokens renewed before they lapse (TikTok daily, Instagram Login every ~50 days); webhook subscriptions read back.
    createTokenRefresher({ db, config, secretBox, log }),
    createSubscriptionChecker({ db, config, secretBox, log }),
    // Files agents uploaded but never sent, removed after a day.
    createUploadSweeper({ db, store: media.store, localCopies: media.localCopies, log }),
    // Audit entries older than AUDIT_RETENTION_DAYS removed, every 6 h.
    createAuditPruner({ db, retentionDays: config.AUDIT_RETENTION_DAYS, log }),
    // Search's index of recent messages moved forward (built concurrently, then the old one dropped), hourly.
    createRecentSearchIndexJob({ db, log }),
  ];
  for (const job of jobs) job.start();
  return {
    async stop() {
      for (const job of jobs) await job.stop();
    },
  };
}

/**
 * Channels from the environment (DESIGN.md), provisioned before the app starts; `subscribe`, once
 * snorq listens, points the webhooks of those whose platform is told where to post (a bot's setWebhook).
 */
async function provisionEnvChannels(deps: { db: RunningDatabase['db']; config: Config; secretBox: AppContext['secretBox']; log: FastifyBaseLogger }): Promise<{ subscribe(): Promise<void> }> {
  const specs = envChannelSpecs(deps.config);
  if (specs.length === 0) return { subscribe: () => Promise.resolve() };
  const organizationId = await defaultOrganizationId(deps.db);
  const result = await provisionChannels(deps.db, deps.secretBox, organizationId, specs, 'env');
  for (const c of result.conflicts) deps.log.warn({ channel: c }, 'a channel from the environment belongs to another organisation; left alone');
  return {
    subscribe: () =>
      subscribeEnvChannels(deps, organizationId, specs).then(
        () => undefined,
        (err: unknown) => deps.log.warn({ err }, 'subscribing the channels from the environment failed'),
      ),
  };
}

/**
 * The event stream, the sockets it feeds, Web Push to agents with no tab open (one instance sends
 * each: push-notifier.ts), and outgoing webhooks and automation (greeting, away message, rules:
 * src/core/automation), woken by each event (ADR 0012).
 */
async function startRealtime(
  app: FastifyInstance,
  deps: {
    db: RunningDatabase['db'];
    connectionString: string;
    vapidKeys: () => Promise<VapidKeys>;
    log: FastifyBaseLogger;
    pushAgent: Agent | undefined;
    webhooks: WebhookWorker;
    outbox: OutboxWorker;
  },
) {
  const stream = createEventStream(deps.db, deps.connectionString, deps.log);
  await stream.start();
  const io = attachRealtime(app, stream);
  const notifier = createPushNotifier({ db: deps.db, stream, vapid: deps.vapidKeys, log: deps.log, agent: deps.pushAgent });
  notifier.start();
  deps.webhooks.start(stream);
  const automation = createAutomationWorker({ db: deps.db, log: deps.log, outbox: deps.outbox });
  automation.start(stream);
  // Presence and collision warnings (who views or types where) stop together, before the database.
  const tracker = attachPresence(io, { db: deps.db, heartbeatSeconds: app.ctx.config.PRESENCE_HEARTBEAT_SECONDS, log: deps.log });
  const activity = createActivityChannel(deps.db, stream, deps.log);
  await activity.start();
  const platformTyping = createPlatformTyping({ db: deps.db, config: app.ctx.config, secretBox: app.ctx.secretBox, log: deps.log });
  attachConversationActivity(io, { db: deps.db, channel: activity, log: deps.log, platformTyping });
  // Routing (src/core/routing) assigns teams' conversations to online agents: it lives and stops with presence.
  const routing = startRoutingWorker({ db: deps.db, log: deps.log, stream });
  const presence: PresenceTracker = { ...tracker, stop: () => Promise.all([routing.stop(), tracker.stop().then(() => activity.stop())]).then(() => undefined) };
  return { stream, io, notifier, presence, automation };
}
