import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Ok } from '../../contract/common.ts';
import {
  AttributeDefinitionSchema,
  AttributeValues,
  ContactExportSchema,
  ContactNoteParams,
  ContactNoteSchema,
  EraseContact,
  ErasedSchema,
  NewAttributeDefinition,
  NewContactNote,
  TimelinePageSchema,
  TimelineQuery,
} from '../../contract/contact-records.ts';
import { withErrors } from '../../contract/errors.ts';
import { createAttributeDefinition, deleteAttributeDefinition, listAttributeDefinitions, setContactAttributes } from '../../core/contacts/contact-attributes.ts';
import { addContactNote, deleteContactNote, listContactNotes } from '../../core/contacts/contact-notes.ts';
import { contactTimeline } from '../../core/contacts/contact-timeline.ts';
import { eraseContact } from '../../core/contacts/erase-contact.ts';
import { exportContact } from '../../core/contacts/export-contact.ts';
import { createMediaServices, type MediaServices } from '../../core/media/media-services.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

const tags = ['contacts'];
type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** What the team keeps about a contact: the timeline, attributes, notes, export and erasure. */
export async function contactRecordRoutes(plain: FastifyInstance, opts: { services?: MediaServices }): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { store } = opts.services ?? (await createMediaServices(app.ctx.config, app.ctx.db));
  app.get(
    '/:id/timeline',
    {
      schema: {
        tags,
        summary: 'Every message with the contact, on every platform, one page (oldest first) before the cursor',
        params: IdParams,
        querystring: TimelineQuery,
        response: withErrors({ 200: TimelinePageSchema }),
      },
    },
    async (req) => contactTimeline(app.ctx.db, req.principal.organizationId, req.params.id, req.query),
  );
  app.put(
    '/:id/attributes',
    {
      schema: {
        tags,
        summary: 'Set custom attribute values (null removes one); each is checked against its type',
        params: IdParams,
        body: AttributeValues,
        response: withErrors({ 200: z.object({ attributes: z.record(z.string(), z.union([z.string(), z.number()])) }) }),
      },
    },
    async (req) => ({ attributes: await setContactAttributes(app.ctx.db, req.principal.organizationId, req.params.id, req.body) }),
  );
  notes(app);
  app.get(
    '/:id/export',
    { schema: { tags, summary: 'Everything snorq keeps about the contact, as JSON', params: IdParams, response: withErrors({ 200: ContactExportSchema }) } },
    async (req, reply) => {
      const data = await exportContact(app.ctx.db, req.principal, req.params.id);
      void reply.header('content-disposition', `attachment; filename="contact-${req.params.id}.json"`);
      return data;
    },
  );
  app.post(
    '/:id/erase',
    {
      schema: {
        tags,
        summary:
          'Erase the contact (admins): messages, files and identities removed (each left a nameless key its closed conversation needs), conversations closed for good; `confirm` is the contact’s name',
        params: IdParams,
        body: EraseContact,
        response: withErrors({ 200: ErasedSchema }),
      },
    },
    async (req) => {
      requireAdmin(req);
      return { erased: await eraseContact({ db: app.ctx.db, store, log: req.log }, req.principal, req.params.id, req.body.confirm) };
    },
  );
}

function notes(app: App) {
  app.get(
    '/:id/notes',
    { schema: { tags, summary: 'The contact’s private notes, newest first', params: IdParams, response: withErrors({ 200: z.object({ notes: z.array(ContactNoteSchema) }) }) } },
    async (req) => ({
      notes: await listContactNotes(app.ctx.db, req.principal.organizationId, req.params.id),
    }),
  );
  app.post(
    '/:id/notes',
    { schema: { tags, summary: 'Add a private note on the contact', params: IdParams, body: NewContactNote, response: withErrors({ 201: z.object({ note: ContactNoteSchema }) }) } },
    async (req, reply) => reply.status(201).send({ note: await addContactNote(app.ctx.db, req.principal, req.params.id, req.body.body) }),
  );
  app.delete('/:id/notes/:noteId', { schema: { tags, summary: 'Delete a note (its author or an admin)', params: ContactNoteParams, response: withErrors({ 200: Ok }) } }, async (req) => {
    await deleteContactNote(app.ctx.db, req.principal, req.params.id, req.params.noteId);
    return { ok: true as const };
  });
}

/** `/api/v1/contact-attributes`: the custom attributes the organisation keeps (admins define them). */
export async function contactAttributeRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/', { schema: { tags, summary: 'The organisation’s contact attributes', response: withErrors({ 200: z.object({ attributes: z.array(AttributeDefinitionSchema) }) }) } }, async (req) => ({
    attributes: await listAttributeDefinitions(app.ctx.db, req.principal.organizationId),
  }));
  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Define a contact attribute (admins): text, number, date or list',
        body: NewAttributeDefinition,
        response: withErrors({ 201: z.object({ attribute: AttributeDefinitionSchema }) }),
      },
    },
    async (req, reply) => {
      requireAdmin(req);
      return reply.status(201).send({ attribute: await createAttributeDefinition(app.ctx.db, req.principal.organizationId, req.body) });
    },
  );
  app.delete('/:id', { schema: { tags, summary: 'Remove a contact attribute and its values (admins)', params: IdParams, response: withErrors({ 200: Ok }) } }, async (req) => {
    requireAdmin(req);
    await deleteAttributeDefinition(app.ctx.db, req.principal.organizationId, req.params.id);
    return { ok: true as const };
  });
}
