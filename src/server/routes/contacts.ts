import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Ok } from '../../contract/common.ts';
import {
  ContactChange,
  ContactIdentityParams,
  ContactListQuery,
  ContactPageSchema,
  LinkIdentity,
  MergeContact,
  OneContact,
  SuggestionListSchema,
  SuggestionPair,
} from '../../contract/contact-records.ts';
import { withErrors } from '../../contract/errors.ts';
import { getContact } from '../../core/contacts/get-contact.ts';
import { linkIdentity, unlinkIdentity } from '../../core/contacts/link-identity.ts';
import { listContacts } from '../../core/contacts/list-contacts.ts';
import { mergeContacts } from '../../core/contacts/merge-contacts.ts';
import { dismissSuggestion, suggestDuplicates } from '../../core/contacts/suggest-duplicates.ts';
import { updateContact } from '../../core/contacts/update-contact.ts';
import { contactRecordRoutes } from './contact-records.ts';

const tags = ['contacts'];
type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/**
 * `/api/v1/contacts`: every contact, one customer across platforms (link and unlink identities,
 * merge, suggestions of duplicates), and (contact-records.ts) what the team keeps about them.
 * Another organisation's contact or identity is 404 everywhere.
 */
export async function contactRoutes(plain: FastifyInstance, opts: { services?: Parameters<typeof contactRecordRoutes>[1]['services'] }): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  listAndEdit(app);
  linkAndMerge(app);
  suggestions(app);
  await contactRecordRoutes(plain, opts);
}

function listAndEdit(app: App) {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Every contact, newest first, found by name, username, phone, e-mail, label or platform',
        querystring: ContactListQuery,
        response: withErrors({ 200: ContactPageSchema }),
      },
    },
    async (req) => listContacts(app.ctx.db, req.principal.organizationId, req.query),
  );
  app.get('/:id', { schema: { tags, summary: 'One contact: identities on every platform, conversations, attributes', params: IdParams, response: withErrors({ 200: OneContact }) } }, async (req) => ({
    contact: await getContact(app.ctx.db, req.principal.organizationId, req.params.id),
  }));
  app.patch(
    '/:id',
    { schema: { tags, summary: 'Change the contact’s name, e-mail, phone or labels', params: IdParams, body: ContactChange, response: withErrors({ 200: OneContact }) } },
    async (req) => {
      await updateContact(app.ctx.db, req.principal.organizationId, req.params.id, req.body);
      return { contact: await getContact(app.ctx.db, req.principal.organizationId, req.params.id) };
    },
  );
}

function linkAndMerge(app: App) {
  app.post(
    '/:id/identities',
    { schema: { tags, summary: 'Link an identity (with its conversations) to this contact', params: IdParams, body: LinkIdentity, response: withErrors({ 200: OneContact }) } },
    async (req) => {
      await linkIdentity(app.ctx.db, req.principal, req.params.id, req.body.identityId);
      return { contact: await getContact(app.ctx.db, req.principal.organizationId, req.params.id) };
    },
  );
  app.delete(
    '/:id/identities/:identityId',
    {
      schema: {
        tags,
        summary: 'Unlink an identity: it becomes a contact of its own again (answered as `newContactId`)',
        params: ContactIdentityParams,
        response: withErrors({ 200: OneContact.extend({ newContactId: z.number() }) }),
      },
    },
    async (req) => {
      const { contactId } = await unlinkIdentity(app.ctx.db, req.principal, req.params.id, req.params.identityId);
      return { contact: await getContact(app.ctx.db, req.principal.organizationId, req.params.id), newContactId: contactId };
    },
  );
  app.post(
    '/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge another contact into this one (identities, attributes, notes, labels move here; the other is removed)',
        params: IdParams,
        body: MergeContact,
        response: withErrors({ 200: OneContact }),
      },
    },
    async (req) => {
      await mergeContacts(app.ctx.db, req.principal, req.params.id, req.body.contactId);
      return { contact: await getContact(app.ctx.db, req.principal.organizationId, req.params.id) };
    },
  );
}

function suggestions(app: App) {
  app.get(
    '/suggestions',
    {
      schema: { tags, summary: 'Contacts that may be one person (same phone, same e-mail, strongly similar name); dismissed pairs never return', response: withErrors({ 200: SuggestionListSchema }) },
    },
    async (req) => ({ suggestions: await suggestDuplicates(app.ctx.db, req.principal.organizationId) }),
  );
  app.post(
    '/suggestions/accept',
    { schema: { tags, summary: 'Accept a suggestion: the second contact is merged into the first', body: SuggestionPair, response: withErrors({ 200: OneContact }) } },
    async (req) => {
      const [survivor, other] = req.body.contactIds;
      await mergeContacts(app.ctx.db, req.principal, survivor, other);
      return { contact: await getContact(app.ctx.db, req.principal.organizationId, survivor) };
    },
  );
  app.post('/suggestions/dismiss', { schema: { tags, summary: 'Dismiss a suggestion: the pair is never suggested again', body: SuggestionPair, response: withErrors({ 200: Ok }) } }, async (req) => {
    await dismissSuggestion(app.ctx.db, req.principal, req.body.contactIds);
    return { ok: true as const };
  });
}
