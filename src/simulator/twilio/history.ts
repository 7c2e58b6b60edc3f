import type { FastifyReply } from 'fastify';
import type { SimContext } from '../context.ts';
import type { SimAccount } from '../types.ts';
import { messageResource } from './resource.ts';

/**
 * `GET /2010-04-01/Accounts/{AccountSid}/Messages.json` (FACTS 5.8): the account's message log,
 * inbound and outbound, newest first, filtered by To, From, DateSent / DateSent< / DateSent>
 * (`DateSent>=2026-11-01` in a URL is the key `DateSent>`), paged by PageSize (≤ 1000) and Page
 * with relative `next_page_uri`s.
 */
export function listMessages(ctx: SimContext, reply: FastifyReply, account: SimAccount, query: Record<string, unknown>): FastifyReply {
  const str = (k: string): string | undefined => (typeof query[k] === 'string' ? (query[k] as string) : undefined);
  const day = (s: string | undefined): string | undefined => (s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : undefined);
  const to = str('To');
  const from = str('From');
  const on = day(str('DateSent'));
  const after = day(str('DateSent>'));
  const before = day(str('DateSent<'));
  const pageSize = Math.min(Math.max(Number(str('PageSize') ?? 50) || 50, 1), 1000);
  const page = Math.max(Number(str('Page') ?? 0) || 0, 0);

  const messages = ctx.conversations
    .list('twilio', account.accountId)
    .flatMap((c) => c.messages)
    .map((m, recorded) => ({ m, recorded, sent: typeof m.data?.dateSent === 'number' ? m.data.dateSent : m.timestamp }))
    .filter(({ m }) => (!to || m.data?.to === to) && (!from || m.data?.from === from))
    .filter(({ sent }) => {
      const d = new Date(sent).toISOString().slice(0, 10);
      return (!on || d === on) && (!after || d >= after) && (!before || d <= before);
    })
    // Newest first; messages of the same millisecond (a quick burst of sends) by the order they
    // were recorded, later first, as Twilio lists what it created later first.
    .sort((a, b) => b.m.timestamp - a.m.timestamp || b.recorded - a.recorded);

  const base = `/2010-04-01/Accounts/${account.accountId}/Messages.json`;
  const filters = new URLSearchParams();
  for (const k of ['To', 'From', 'DateSent', 'DateSent>', 'DateSent<']) if (str(k)) filters.set(k, str(k) ?? '');
  const uri = (p: number): string => {
    const q = new URLSearchParams(filters);
    q.set('PageSize', String(pageSize));
    q.set('Page', String(p));
    if (p > 0) q.set('PageToken', `PASM${Buffer.from(String(p * pageSize)).toString('hex')}`);
    return `${base}?${q.toString()}`;
  };
  const start = page * pageSize;
  const slice = messages.slice(start, start + pageSize);
  return reply
    .code(200)
    .type('application/json; charset=utf-8')
    .send({
      messages: slice.map(({ m }) => messageResource(account.accountId, m)),
      end: start + Math.max(slice.length - 1, 0),
      first_page_uri: uri(0),
      next_page_uri: start + pageSize < messages.length ? uri(page + 1) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? uri(page - 1) : null,
      start,
      uri: uri(page),
    });
}
