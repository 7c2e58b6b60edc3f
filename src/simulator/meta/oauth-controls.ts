import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SimContext } from '../context.ts';
import { registerOnce } from '../server.ts';
import { numbersOfWaba } from '../whatsapp/numbers.ts';
import { META_APPS, type MetaApp } from './apps.ts';
import { metaState } from './state.ts';

/** The controls tests use on the simulated Meta (`Simulator.oauth`, shared by Messenger, Instagram and WhatsApp). */
export interface MetaOAuthControls {
  /** Meta silently unsubscribes the app from a Page, WABA or Instagram account (FACTS pitfall 8). */
  dropSubscription(nodeId: string): void;
  /** The fields the app is subscribed with on a node; null when unsubscribed; undefined when untouched (the dashboard's default: subscribed). */
  subscription(nodeId: string): string[] | null | undefined;
  /**
   * The app's "Require App Secret" setting (App Dashboard → Settings → Advanced): while on, Graph
   * calls with a user, Page or system-user token and no `appsecret_proof` fail with code 100.
   */
  requireAppSecret(app: MetaApp, on?: boolean): void;
}

export function metaOAuthControls(ctx: SimContext): MetaOAuthControls {
  const store = ctx.oauth;
  // An Instagram Login account's subscription is kept apart from a Page or WABA with the same id.
  const igKey = (id: string) => (ctx.accounts.find('instagram', id) && !ctx.accounts.find('messenger', id) && !numbersOfWaba(ctx, id).length ? `ig:${id}` : id);
  return {
    dropSubscription: (nodeId) => void store.subscriptions.set(igKey(nodeId), null),
    subscription: (nodeId) => store.subscriptions.get(igKey(nodeId)),
    requireAppSecret: (app, on = true) => void (on ? metaState(ctx).requireAppSecret.add(app) : metaState(ctx).requireAppSecret.delete(app)),
  };
}

/** Forgotten with the rest of the OAuth memory (`oauth.clear()`, `reset()`). */
export const clearMetaOAuth = (ctx: SimContext): void => metaState(ctx).requireAppSecret.clear();

const AppSettingsBody = z.object({ requireAppSecret: z.boolean() });

/** `/_sim/apps`: each Meta app's settings (App Dashboard → Settings → Advanced): "Require App Secret". Behind the control secret like all of `/_sim`. */
export function registerMetaControl(app: FastifyInstance, ctx: SimContext): void {
  registerOnce(app, 'meta-control', () => {
    const bad = (reply: FastifyReply, message: string, issues?: unknown): FastifyReply => reply.code(400).send({ error: message, issues });
    const apps = metaState(ctx).requireAppSecret;
    app.get('/_sim/apps', async () => ({ apps: META_APPS.map((name) => ({ app: name, requireAppSecret: apps.has(name) })) }));
    app.put('/_sim/apps/:app', async (req, reply) => {
      const name = z.enum(META_APPS).safeParse((req.params as { app: string }).app);
      if (!name.success) return bad(reply, `unknown app; one of ${META_APPS.join(', ')}`);
      const parsed = AppSettingsBody.safeParse(req.simBody);
      if (!parsed.success) return bad(reply, 'invalid app settings', parsed.error.issues);
      if (parsed.data.requireAppSecret) apps.add(name.data);
      else apps.delete(name.data);
      return { app: name.data, requireAppSecret: apps.has(name.data) };
    });
  });
}
