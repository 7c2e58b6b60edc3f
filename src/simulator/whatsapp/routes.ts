import { fail, ok, type GraphCall } from '../meta/graph/call.ts';
import { graphErrors } from '../meta/graph/errors.ts';
import { parseFields, pick } from '../meta/graph/fields.ts';
import { displayPhoneOf, numbersOfWaba } from './numbers.ts';
import type { SimAccount } from '../types.ts';
import { uploadMedia } from './media.ts';
import { sendWhatsApp } from './send.ts';
import { TEMPLATES } from './templates.ts';

/** WhatsApp Cloud API nodes on Graph: a phone number (`/{PHONE_NUMBER_ID}/…`) or its WABA (`/{WABA_ID}/…`). */
export async function handleWhatsApp(call: GraphCall, account: SimAccount, wabaId?: string): Promise<unknown> {
  const { method, edge } = call;
  if (wabaId !== undefined) {
    if (edge === 'message_templates' && method === 'GET') return templates(call);
    if (edge === 'phone_numbers' && method === 'GET') return ok(call, { data: numbersOfWaba(call.ctx, wabaId).map(phoneNumber), paging: { cursors: { before: 'QVFIUk', after: 'QVFIUk' } } });
    if (edge === 'subscribed_apps') return ok(call, method === 'GET' ? { data: [{ whatsapp_business_api_data: { id: call.ctx.options.metaAppId, name: 'snorq' } }] } : { success: true });
    if (edge) return fail(call, graphErrors.unknownPath(`/${edge}`));
    return method === 'GET'
      ? ok(call, { id: wabaId, name: `${account.displayName ?? 'Simulated'} WABA`, currency: 'USD', timezone_id: '1', message_template_namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574' })
      : fail(call, graphErrors.unsupported(method, call.id));
  }
  if (edge === 'messages') return method === 'POST' ? sendWhatsApp(call, account) : fail(call, graphErrors.unsupported(method, call.id));
  if (edge === 'media') return method === 'POST' ? uploadMedia(call, account) : fail(call, graphErrors.unsupported(method, call.id));
  if (edge === 'register' || edge === 'deregister') return method === 'POST' ? ok(call, { success: true }) : fail(call, graphErrors.unsupported(method, call.id));
  if (edge === 'whatsapp_business_profile') {
    return ok(
      call,
      method === 'GET'
        ? {
            data: [
              {
                about: 'Simulated business',
                address: '1 Sim Street',
                description: 'A business on the snorq simulator',
                email: 'hello@example.test',
                websites: ['https://example.test/'],
                vertical: 'RETAIL',
                messaging_product: 'whatsapp',
              },
            ],
          }
        : { success: true },
    );
  }
  if (edge) return fail(call, graphErrors.unknownPath(`/${edge}`));
  if (method !== 'GET') return fail(call, graphErrors.unsupported(method, call.id));
  const fields = parseFields(typeof call.params.fields === 'string' ? call.params.fields : undefined);
  const node = phoneNumber(account);
  if (!fields) return ok(call, node);
  return ok(
    call,
    pick(
      fields,
      {
        ...Object.fromEntries(Object.entries(node).map(([k, v]) => [k, () => v])),
        whatsapp_business_manager_messaging_limit: () => 'TIER_2K',
        messaging_limit_tier: () => 'TIER_1K',
        account_mode: () => 'LIVE',
      },
      'WhatsAppBusinessPhoneNumber',
    ),
  );
}

function phoneNumber(account: SimAccount): Record<string, unknown> {
  const digits = displayPhoneOf(account);
  return {
    verified_name: account.displayName ?? 'Simulated Business',
    code_verification_status: 'VERIFIED',
    display_phone_number: `+${digits.slice(0, 1)} ${digits.slice(1, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`,
    quality_rating: 'GREEN',
    platform_type: 'CLOUD_API',
    throughput: { level: 'STANDARD' },
    id: account.accountId,
  };
}

function templates(call: GraphCall): unknown {
  const fields =
    parseFields(typeof call.params.fields === 'string' ? call.params.fields : undefined) ??
    ['name', 'parameter_format', 'components', 'language', 'status', 'category', 'id'].map((name) => ({ name }));
  let list = TEMPLATES;
  if (typeof call.params.name === 'string') list = list.filter((t) => t.name === call.params.name);
  if (typeof call.params.status === 'string') list = list.filter((t) => t.status === call.params.status);
  if (typeof call.params.language === 'string') list = list.filter((t) => t.language === call.params.language);
  const data = list.map((t) => pick(fields, Object.fromEntries(Object.entries(t).map(([k, v]) => [k, () => v])), 'WhatsAppMessageTemplate'));
  const cursor = Buffer.from(`tmpl:${list.length}`).toString('base64url');
  return ok(call, { data, paging: { cursors: { before: Buffer.from('tmpl:0').toString('base64url'), after: cursor } } });
}
