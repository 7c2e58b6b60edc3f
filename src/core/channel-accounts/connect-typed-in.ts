import { z } from 'zod';
import { CHANNELS, channelOf, type Platform } from '../../channels/registry.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../accounts/auth-tokens.ts';
import { connectContext } from '../connections/connect-context.ts';
import type { OAuthDeps } from '../connections/oauth-config.ts';
import { AppError } from '../errors/app-error.ts';
import { accountInput, type ChannelInput } from './connect-channel.ts';

/** The values of a platform's own connect form (a bot token), for platforms whose credentials the form proves. */
export interface FormChannelInput {
  platform: Platform;
  displayName?: string | undefined;
  credentials: Record<string, string | undefined>;
}

/** What `POST /api/v1/channels` takes, per platform of the registry (GET /api/v1/platforms describes each as `connect.form`). */
export type TypedChannelInput = ChannelInput | FormChannelInput;

type Channel = (typeof CHANNELS)[number];
const formInput = (channel: Channel, values: z.ZodType<Record<string, string | undefined>, unknown>) =>
  z.object({ platform: z.literal(channel.id), displayName: z.string().trim().max(200).optional(), credentials: values });

/**
 * The account and its credentials on platforms that `verify` what is typed in; the fields of the
 * platform's own form on those whose form proves them itself; nothing on platforms connected
 * through their consent page only.
 */
export const TypedChannelInput = z.discriminatedUnion(
  'platform',
  CHANNELS.flatMap((channel): z.ZodObject[] => {
    const { verify, form } = channel.connect;
    if (verify) return [accountInput(channel)];
    return form ? [formInput(channel, form.values)] : [];
  }) as unknown as [z.ZodObject<{ platform: z.ZodLiteral<Platform> }>],
) as unknown as z.ZodType<TypedChannelInput, unknown>;

/** True when the input goes through the platform's form (no `verify`): `connectByForm` connects it. */
export const isFormInput = (input: TypedChannelInput): input is FormChannelInput => channelOf(input.platform).connect.verify === undefined;

/**
 * Connect through the platform's own form as the admin `principal`: the form proves the values
 * with the platform and saves the account (sealed, audited) and its webhook; a refusal stores
 * nothing and is a 422 saying why.
 */
export async function connectByForm(
  deps: OAuthDeps & { db: Db },
  principal: Principal,
  input: FormChannelInput,
): Promise<{ id: number; platform: Platform; display_name: string; external_account_id: string }> {
  const form = channelOf(input.platform).connect.form;
  if (!form) throw new AppError('UNPROCESSABLE', `${channelOf(input.platform).ui.name} accounts cannot be connected by credentials typed in`);
  const values = { ...input.credentials, ...(input.displayName && { displayName: input.displayName }) };
  const result = await form.submit(connectContext(deps, principal, input.platform), values);
  if (result.kind === 'failed') throw new AppError('CREDENTIALS_REJECTED', result.message);
  const connected = result.kind === 'connected' ? result.channels[0] : undefined;
  if (!connected) throw new AppError('UNPROCESSABLE', 'nothing was connected');
  return deps.db
    .selectFrom('channels')
    .select(['id', 'platform', 'display_name', 'external_account_id'])
    .where('id', '=', connected.id)
    .where('organization_id', '=', principal.organizationId)
    .executeTakeFirstOrThrow();
}
