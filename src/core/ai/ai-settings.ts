import { schemaIssue } from '../../contract/server-texts.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors/app-error.ts';
import type { ModelEndpoint } from './model-client.ts';

export interface AiSettings {
  /** The server has a model (AI_BASE_URL and AI_MODEL): without one an admin cannot turn it on. */
  available: boolean;
  /** The model's name, for the settings page (never the key). */
  model: string | null;
  enabled: boolean;
  /** Whether the conversation's messages may go to the model (summaries and translations of them need it). */
  shareMessageText: boolean;
  updatedAt: string | null;
}

/** The configured endpoint, or null when snorq has no model. */
export function modelEndpoint(config: Config): ModelEndpoint | null {
  if (!config.AI_BASE_URL || !config.AI_MODEL) return null;
  return { baseUrl: config.AI_BASE_URL.replace(/\/+$/, ''), apiKey: config.AI_API_KEY ?? null, model: config.AI_MODEL, timeoutMs: config.AI_TIMEOUT_MS };
}

export async function getAiSettings(db: Db, config: Config, organizationId: number): Promise<AiSettings> {
  const row = await db.selectFrom('organization_ai_settings').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  const endpoint = modelEndpoint(config);
  return {
    available: endpoint !== null,
    model: endpoint?.model ?? null,
    enabled: row?.enabled ?? false,
    shareMessageText: row?.share_message_text ?? false,
    updatedAt: row?.updated_at.toISOString() ?? null,
  };
}

/**
 * An admin's choice; turning it on needs a configured model (refused beside the switch otherwise).
 * A switch that changes is audited (`ai-settings.updated`, its new value and the one before) in the
 * same transaction: whether message text may leave for a model is a security decision.
 */
export async function updateAiSettings(db: Db, config: Config, organizationId: number, userId: number, change: { enabled?: boolean; shareMessageText?: boolean }, ip?: string): Promise<AiSettings> {
  if (change.enabled && !modelEndpoint(config)) {
    throw new AppError('VALIDATION_FAILED', 'no language model is configured on this server (AI_BASE_URL, AI_MODEL)', {
      issues: [schemaIssue('/enabled', 'schema.noLanguageModel')],
    });
  }
  const values = {
    ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
    ...(change.shareMessageText !== undefined ? { share_message_text: change.shareMessageText } : {}),
    updated_at: new Date(),
    updated_by: userId,
  };
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('organization_ai_settings').select(['enabled', 'share_message_text']).where('organization_id', '=', organizationId).forUpdate().executeTakeFirst();
    await trx
      .insertInto('organization_ai_settings')
      .values({ organization_id: organizationId, ...values })
      .onConflict((oc) => oc.column('organization_id').doUpdateSet(values))
      .execute();
    const was = { enabled: before?.enabled ?? false, shareMessageText: before?.share_message_text ?? false };
    const details: Record<string, { from: boolean; to: boolean }> = {};
    for (const key of ['enabled', 'shareMessageText'] as const) {
      const to = change[key];
      if (to !== undefined && to !== was[key]) details[key] = { from: was[key], to };
    }
    if (Object.keys(details).length > 0) await recordAudit(trx, { organizationId, action: 'ai-settings.updated', actorUserId: userId, ip: ip ?? null, details });
  });
  return getAiSettings(db, config, organizationId);
}

/** The endpoint and the organisation's choice, or a refusal saying why the model cannot be used now. */
export async function usableModel(db: Db, config: Config, organizationId: number): Promise<{ endpoint: ModelEndpoint; shareMessageText: boolean }> {
  const endpoint = modelEndpoint(config);
  if (!endpoint) throw new AppError('CONFLICT', 'no language model is configured on this server', { aiReason: 'not_configured' });
  const settings = await getAiSettings(db, config, organizationId);
  if (!settings.enabled) throw new AppError('CONFLICT', 'the language model is not turned on for this organisation (Settings → Language model)', { aiReason: 'not_enabled' });
  return { endpoint, shareMessageText: settings.shareMessageText };
}
