import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuditAction } from '../../contract/audit.ts';
import { IdParams } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { LabelChange, LabelDeleted, LabelList, LabelResult, NewLabel, OneLabel } from '../../contract/labels.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { changeLabel, createLabel, deleteLabel, listLabels } from '../../core/labels/manage-labels.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

/** The organisation's labels: every user reads them (the inbox offers them); admins manage them. */
export async function labelRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;
  const audit = (req: FastifyRequest, action: AuditAction, details: Record<string, unknown>) =>
    recordAudit(db, { organizationId: req.principal.organizationId, action, actorUserId: req.principal.userId, ip: req.ip, details }, (err) => req.log.error({ err }, 'could not write the audit log'));

  app.get('/', { schema: { tags: ['labels'], summary: 'The organisation’s labels with how many conversations carry each', response: withErrors({ 200: LabelList }) } }, async (req) => ({
    labels: await listLabels(db, req.principal.organizationId),
  }));

  app.post('/', { schema: { tags: ['labels'], summary: 'Add a label (admins only)', body: NewLabel, response: withErrors({ 201: OneLabel }) } }, async (req, reply) => {
    requireAdmin(req);
    const label = await createLabel(db, req.principal.organizationId, req.body);
    await audit(req, 'label.created', { labelId: label.id, name: label.name });
    return reply.status(201).send({ label });
  });

  const changeSchema = {
    tags: ['labels'],
    summary: 'Rename or recolour a label (admins only); a rename relabels every conversation carrying it',
    params: IdParams,
    body: LabelChange,
    response: withErrors({ 200: LabelResult }),
  };
  app.patch('/:id', { schema: changeSchema }, async (req) => {
    requireAdmin(req);
    const result = await changeLabel(db, req.principal.organizationId, req.params.id, req.body);
    await audit(req, 'label.updated', { labelId: req.params.id, ...req.body, relabeled: result.relabeled });
    return result;
  });

  const deleteSchema = { tags: ['labels'], summary: 'Delete a label (admins only); it is removed from every conversation carrying it', params: IdParams, response: withErrors({ 200: LabelDeleted }) };
  app.delete('/:id', { schema: deleteSchema }, async (req) => {
    requireAdmin(req);
    const relabeled = await deleteLabel(db, req.principal.organizationId, req.params.id);
    await audit(req, 'label.deleted', { labelId: req.params.id, relabeled });
    return { ok: true as const, relabeled };
  });
}
