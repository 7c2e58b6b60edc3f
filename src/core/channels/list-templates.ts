import { listTemplates as listWhatsappTemplates, type TemplateSummary } from '../../channels/whatsapp/api.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { openCredentials } from './channel-credentials.ts';
import { platformCallContext } from './platform-call.ts';

const TTL_MS = 10 * 60_000;
const cache = new Map<number, { at: number; templates: TemplateSummary[] }>();

/**
 * The approved WhatsApp templates of a channel's business account, fetched from the platform and
 * cached for ten minutes (templates change rarely; the composer asks often).
 */
export async function channelTemplates(deps: { db: Db; config: Config; secretBox: SecretBox }, organizationId: number, channelId: number, options: { refresh?: boolean } = {}) {
  const channel = await deps.db.selectFrom('channels').selectAll().where('id', '=', channelId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!channel) throw notFound('channel');
  if (channel.platform !== 'whatsapp') {
    return { templates: [] as TemplateSummary[], note: channel.platform === 'twilio' ? 'Twilio templates are sent by their Content SID (ContentSid); enter it in the template form.' : `${channel.platform} has no message templates` };
  }
  const hit = cache.get(channelId);
  if (hit && !options.refresh && Date.now() - hit.at < TTL_MS) return { templates: hit.templates };
  const credentials = openCredentials(deps.secretBox, channel);
  if (credentials?.platform !== 'whatsapp') throw new AppError('UNPROCESSABLE', 'this channel has no WhatsApp credentials; reconnect it');
  if (!credentials.wabaId) return { templates: [], note: 'The WhatsApp Business Account id (wabaId) of this channel is unknown; add it to list templates.' };
  const result = await listWhatsappTemplates(platformCallContext(deps.config, channel, credentials), credentials.wabaId);
  if (!result.ok) throw new AppError('UNPROCESSABLE', `WhatsApp did not list the templates: ${result.failure.reason}`);
  const templates = result.value.filter((t) => t.status === 'APPROVED');
  cache.set(channelId, { at: Date.now(), templates });
  return { templates };
}
