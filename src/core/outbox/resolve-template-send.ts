import { channelOf } from '../../channels/registry.ts';
import { renderTemplateText } from '../../channels/template-spec.ts';
import type { OutboundTemplate } from '../../channels/types.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { channelTemplates } from '../channel-accounts/list-templates.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { checkTemplateParameters } from './check-template-parameters.ts';

export interface TemplateSendRequest {
  name: string;
  language: string;
  contentSid?: string;
  variables?: string[];
  parameters?: Record<string, string>;
}

/**
 * A template reply made ready to queue: the channel's template found (the cached list, then a
 * fresh one, since a template approved a minute ago is not cached yet), the parameters checked
 * (422 naming what is wrong), and the text the customer will read, which the thread shows.
 */
export async function resolveTemplateSend(
  deps: { db: Db; config: Config; secretBox: SecretBox },
  organizationId: number,
  conversationId: number,
  request: TemplateSendRequest,
): Promise<{ template: OutboundTemplate; content: string }> {
  const conv = await deps.db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .select(['ch.id as channelId', 'ch.platform'])
    .where('c.id', '=', conversationId)
    .where('c.organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!conv) throw notFound('conversation');
  const definition = channelOf(conv.platform);
  if (!definition.api.templates) {
    throw new AppError('UNPROCESSABLE', `${conv.platform} has no message templates`, { code: 'TEMPLATE_NOT_FOUND', reason: 'NO_TEMPLATES', platform: definition.ui.name });
  }

  const matches = (t: { name: string; language: string; contentSid?: string }) =>
    request.contentSid ? t.contentSid === request.contentSid : t.name === request.name && t.language === request.language;
  let found = (await channelTemplates(deps, organizationId, conv.channelId)).templates.find(matches);
  found ??= (await channelTemplates(deps, organizationId, conv.channelId, { refresh: true })).templates.find(matches);
  if (!found) {
    const which = request.contentSid ? `with Content SID ${request.contentSid}` : `${request.name} (${request.language})`;
    const template = request.contentSid ?? `${request.name} (${request.language})`;
    throw new AppError('UNPROCESSABLE', `This channel has no approved template ${which}.`, { code: 'TEMPLATE_NOT_FOUND', reason: 'TEMPLATE_NOT_FOUND', template });
  }
  const parameters = checkTemplateParameters(found, request);
  return {
    template: {
      name: found.name,
      language: found.language,
      ...(found.contentSid && { contentSid: found.contentSid }),
      parameters,
      inputs: found.inputs,
      parameterFormat: found.parameterFormat,
    },
    content: renderTemplateText(found, parameters),
  };
}
