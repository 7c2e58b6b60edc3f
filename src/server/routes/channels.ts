import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ChannelList, ChannelTeamChange, ChannelTeamResult, ConnectedChannel, DisconnectedChannel } from '../../contract/channels.ts';
import { IdParams } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { ChannelTemplatesSchema, TemplatesQuery } from '../../contract/templates.ts';
import { connectChannel, disconnectChannel } from '../../core/channel-accounts/connect-channel.ts';
import { connectByForm, isFormInput, TypedChannelInput } from '../../core/channel-accounts/connect-typed-in.ts';
import { verifyChannelCredentials } from '../../core/channel-accounts/verify-credentials.ts';
import { listChannels } from '../../core/channel-accounts/list-channels.ts';
import { channelTemplates } from '../../core/channel-accounts/list-templates.ts';
import { oauthClient } from '../../core/connections/oauth-config.ts';
import { removeSubscription } from '../../core/connections/webhook-subscriptions.ts';
import { requireAdmin } from '../plugins/authenticate.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { setChannelTeam } from '../../core/teams/channel-team.ts';

type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export async function channelRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get('/', { schema: { tags: ['channels'], summary: 'Connected accounts with their health', response: withErrors({ 200: ChannelList }) } }, async (req) => ({
    channels: await listChannels(app.ctx.db, req.principal.organizationId),
  }));

  const connectSchema = {
    tags: ['channels'],
    summary: 'Connect an account by its credentials (admins only); tokens are encrypted at rest',
    body: TypedChannelInput,
    response: withErrors({ 201: ConnectedChannel }),
  };
  app.post('/', { schema: connectSchema }, async (req, reply) => {
    requireAdmin(req);
    // A platform whose own form proves what is typed (a bot token) connects through it, audited there.
    if (isFormInput(req.body)) {
      const channel = await connectByForm(app.ctx, req.principal, req.body);
      return reply.status(201).send({ channel: { id: channel.id, platform: channel.platform, name: channel.display_name, externalAccountId: channel.external_account_id } });
    }
    // Proven with the platform first: a refused or foreign token stores nothing and claims nothing.
    await verifyChannelCredentials(oauthClient(app.ctx.config), req.body);
    const channel = await connectChannel(app.ctx.db, app.ctx.secretBox, req.principal.organizationId, req.body);
    await recordAudit(
      app.ctx.db,
      {
        organizationId: req.principal.organizationId,
        action: 'channel.connected',
        actorUserId: req.principal.userId,
        ip: req.ip,
        details: { channelId: channel.id, platform: channel.platform, externalAccountId: channel.external_account_id, via: 'credentials' },
      },
      (err) => req.log.error({ err }, 'could not write the audit log'),
    );
    return reply.status(201).send({ channel: { id: channel.id, platform: channel.platform, name: channel.display_name, externalAccountId: channel.external_account_id } });
  });

  channelTeamRoute(app);

  const disconnectSchema = {
    tags: ['channels'],
    summary: 'Disconnect an account (admins only): its tokens are deleted, its conversations stay',
    params: IdParams,
    response: withErrors({ 200: DisconnectedChannel }),
  };
  app.delete('/:id', { schema: disconnectSchema }, async (req) => {
    requireAdmin(req);
    // Where the platform allows it, its webhook subscription goes first, while the tokens still exist.
    const subscription = await disconnectChannel(app.ctx.db, req.principal.organizationId, req.params.id, (channel) => removeSubscription(app.ctx, channel));
    await recordAudit(
      app.ctx.db,
      { organizationId: req.principal.organizationId, action: 'channel.disconnected', actorUserId: req.principal.userId, ip: req.ip, details: { channelId: req.params.id } },
      (err) => req.log.error({ err }, 'could not write the audit log'),
    );
    return { ok: true as const, subscription };
  });

  app.get(
    '/:id/templates',
    {
      schema: {
        tags: ['channels'],
        summary: 'Approved message templates of the channel (cached 10 minutes; ?refresh=true refetches)',
        params: IdParams,
        querystring: TemplatesQuery,
        response: withErrors({ 200: ChannelTemplatesSchema }),
      },
    },
    async (req) => channelTemplates(app.ctx, req.principal.organizationId, req.params.id, { refresh: req.query.refresh === 'true' }),
  );
}

/** PATCH /api/v1/channels/:id: the team a channel's new conversations go to, chosen on the channel's own page. */
function channelTeamRoute(app: App): void {
  const teamSchema = {
    tags: ['channels'],
    summary: 'Choose the team a channel’s new conversations go to (admins only); another organisation’s team is refused on `teamId`',
    params: IdParams,
    body: ChannelTeamChange,
    response: withErrors({ 200: ChannelTeamResult }),
  };
  app.patch('/:id', { schema: teamSchema }, async (req) => {
    requireAdmin(req);
    const changed = await setChannelTeam(app.ctx.db, req.principal.organizationId, req.params.id, req.body.teamId);
    await recordAudit(
      app.ctx.db,
      {
        organizationId: req.principal.organizationId,
        action: 'channel.team-changed',
        actorUserId: req.principal.userId,
        ip: req.ip,
        details: { channelId: changed.id, teamId: changed.teamId, previousTeamId: changed.previousTeamId },
      },
      (err) => req.log.error({ err }, 'could not write the audit log'),
    );
    return { channel: { id: changed.id, teamId: changed.teamId } };
  });
}
