import type { TemplateSummary } from '../../channels/template-spec.ts';
import { listContentTemplates } from '../../channels/twilio/content-templates.ts';
import { listTemplates as listWhatsappTemplates } from '../../channels/whatsapp/api.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { tryOpenCredentials } from './channel-credentials.ts';
import { platformCallContext } from './platform-call.ts';

const TTL_MS = 10 * 60_000;
const cache = new Map<number, { at: number; templates: TemplateSummary[] }>();

export interface ChannelTemplates {
  templates: TemplateSummary[];
  note?: string;
}

/**
 * The approved templates of a channel, with the inputs each needs: a WhatsApp Cloud channel's
 * message templates (its business account's), a Twilio channel's Content API templates approved
 * for WhatsApp. Fetched from the platform and cached for ten minutes (templates change rarely; the
 * composer asks often).
 */
export async function channelTemplates(deps: { db: Db; config: Config; secretBox: SecretBox }, organizationId: number, channelId: number, options: { refresh?: boolean } = {}): Promise<ChannelTemplates> {
  const channel = await deps.db.selectFrom('channels').selectAll().where('id', '=', channelId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!channel) throw notFound('channel');
  if (channel.platform !== 'whatsapp' && channel.platform !== 'twilio') return { templates: [], note: `${channel.platform} has no message templates` };
  const hit = cache.get(channelId);
  if (hit && !options.refresh && Date.now() - hit.at < TTL_MS) return { templates: hit.templates };
  const { credentials, problem } = tryOpenCredentials(deps.secretBox, channel);
  if (problem) throw new AppError('UNPROCESSABLE', problem);
  if (credentials?.platform !== channel.platform) throw new AppError('UNPROCESSABLE', `this channel has no ${channel.platform} credentials; reconnect it`);
  let result;
  if (credentials.platform === 'whatsapp') {
    if (!credentials.wabaId) return { templates: [], note: 'The WhatsApp Business Account id (wabaId) of this channel is unknown; add it to list templates.' };
    result = await listWhatsappTemplates(platformCallContext(deps.config, channel, credentials), credentials.wabaId);
  } else {
    result = await listContentTemplates(platformCallContext(deps.config, channel, credentials));
  }
  const platformName = channel.platform === 'whatsapp' ? 'WhatsApp' : 'Twilio';
  if (!result.ok) throw new AppError('UNPROCESSABLE', `${platformName} did not list the templates: ${result.failure.reason}`, { code: 'TEMPLATES_UNAVAILABLE' });
  const templates = result.value.filter((t) => t.status === 'APPROVED');
  cache.set(channelId, { at: Date.now(), templates });
  const note = templates.length === 0 ? (channel.platform === 'twilio' ? 'This Twilio account has no Content template approved for WhatsApp.' : 'This WhatsApp Business Account has no approved template.') : undefined;
  return { templates, ...(note && { note }) };
}
