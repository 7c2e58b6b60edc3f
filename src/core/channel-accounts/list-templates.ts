import { channelOf } from '../../channels/registry.ts';
import type { TemplateSummary } from '../../channels/template-spec.ts';
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
 * The approved templates of a channel, with the inputs each needs, from its platform's
 * `api.templates` (each channel's README says where they come from); none on a platform without templates. Fetched from the platform and cached for ten minutes (templates change rarely; the
 * composer asks often).
 */
export async function channelTemplates(
  deps: { db: Db; config: Config; secretBox: SecretBox },
  organizationId: number,
  channelId: number,
  options: { refresh?: boolean } = {},
): Promise<ChannelTemplates> {
  const channel = await deps.db.selectFrom('channels').selectAll().where('id', '=', channelId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!channel) throw notFound('channel');
  const definition = channelOf(channel.platform);
  const templatesApi = definition.api.templates;
  if (!templatesApi) return { templates: [], note: `${channel.platform} has no message templates` };
  const hit = cache.get(channelId);
  if (hit && !options.refresh && Date.now() - hit.at < TTL_MS) return { templates: hit.templates };
  const { credentials, problem } = tryOpenCredentials(deps.secretBox, channel);
  if (problem) throw new AppError('UNPROCESSABLE', problem);
  if (credentials?.platform !== channel.platform) throw new AppError('UNPROCESSABLE', `this channel has no ${channel.platform} credentials; reconnect it`);
  const result = await templatesApi.list(platformCallContext(deps.config, channel, credentials));
  if (!result.ok) throw new AppError('UNPROCESSABLE', `${templatesApi.source} did not list the templates: ${result.failure.reason}`, { code: 'TEMPLATES_UNAVAILABLE' });
  // The account could not be asked (an id is missing): the note says why; nothing is cached.
  if (result.value.note) return { templates: [], note: result.value.note };
  const templates = result.value.templates.filter((t) => t.status === 'APPROVED');
  cache.set(channelId, { at: Date.now(), templates });
  const note = templates.length === 0 ? templatesApi.noneApproved : undefined;
  return { templates, ...(note && { note }) };
}
