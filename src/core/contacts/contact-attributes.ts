import { sql } from 'kysely';
import type { AttributeDefinition, AttributeType } from '../../contract/contact-records.ts';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { appendEvents } from '../events/event-log.ts';
import { lockContact } from './contact-sql.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const definitionColumns = ['id', 'key', 'label', 'type', 'options'] as const;

export function listAttributeDefinitions(db: Db, organizationId: number): Promise<AttributeDefinition[]> {
  return db.selectFrom('contact_attribute_definitions').select(definitionColumns).where('organization_id', '=', organizationId).orderBy('id').execute();
}

/** A new attribute the organisation keeps on contacts; a `list` needs its options, the others have none. */
export async function createAttributeDefinition(db: Db, organizationId: number, input: { key: string; label: string; type: AttributeType; options?: string[] }): Promise<AttributeDefinition> {
  const options = [...new Set(input.options ?? [])];
  if (input.type === 'list' && options.length === 0) throw new AppError('VALIDATION_FAILED', 'a list attribute needs at least one option', { field: 'options' });
  if (input.type !== 'list' && options.length > 0) throw new AppError('VALIDATION_FAILED', 'only a list attribute has options', { field: 'options' });
  const row = await db
    .insertInto('contact_attribute_definitions')
    .values({ organization_id: organizationId, key: input.key, label: input.label, type: input.type, options })
    .onConflict((oc) => oc.columns(['organization_id', 'key']).doNothing())
    .returning(definitionColumns)
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', `an attribute with the key “${input.key}” exists already`, { field: 'key', reason: 'ATTRIBUTE_KEY_TAKEN', key: input.key });
  return row;
}

/** The definition goes, and with it every contact's value for it. */
export async function deleteAttributeDefinition(db: Db, organizationId: number, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('contact_attribute_definitions').where('id', '=', id).where('organization_id', '=', organizationId).returning('key').executeTakeFirst();
    if (!gone) throw notFound('attribute');
    await trx
      .updateTable('contacts')
      .set({ attributes: sql`attributes - ${gone.key}` })
      .where('organization_id', '=', organizationId)
      .where(sql<boolean>`attributes ? ${gone.key}`)
      .execute();
  });
}

/** The value as stored, or why it does not fit its definition's type. */
export function checkAttributeValue(def: Pick<AttributeDefinition, 'type' | 'options' | 'label'>, value: string | number): { ok: true; value: string | number } | { ok: false; reason: string } {
  switch (def.type) {
    case 'text':
      return typeof value === 'string' && value.trim() ? { ok: true, value: value.trim() } : { ok: false, reason: `${def.label} must be text` };
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: `${def.label} must be a number` };
    }
    case 'date': {
      const valid = typeof value === 'string' && DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
      return valid ? { ok: true, value } : { ok: false, reason: `${def.label} must be a date (YYYY-MM-DD)` };
    }
    case 'list':
      return typeof value === 'string' && def.options.includes(value) ? { ok: true, value } : { ok: false, reason: `${def.label} must be one of: ${def.options.join(', ')}` };
  }
}

/**
 * Set (or, with null, remove) attribute values on a contact, each checked against its
 * definition; one wrong value refuses the whole change (422 naming every field), nothing is half set.
 */
export async function setContactAttributes(db: Db, organizationId: number, contactId: number, values: Record<string, string | number | null>): Promise<Record<string, string | number>> {
  const defs = new Map((await listAttributeDefinitions(db, organizationId)).map((d) => [d.key, d]));
  const fields: Record<string, string> = {};
  const set: Record<string, string | number> = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const def = defs.get(key);
    if (!def) fields[key] = 'no such attribute';
    else if (value === null) unset.push(key);
    else {
      const checked = checkAttributeValue(def, value);
      if (checked.ok) set[key] = checked.value;
      else fields[key] = checked.reason;
    }
  }
  if (Object.keys(fields).length > 0) throw new AppError('UNPROCESSABLE', Object.values(fields).join('; '), { fields });
  return db.transaction().execute(async (trx) => {
    const contact = await lockContact(trx, organizationId, contactId);
    const next = { ...contact.attributes, ...set };
    for (const key of unset) delete next[key];
    await trx
      .updateTable('contacts')
      .set({ attributes: JSON.stringify(next), updated_at: new Date() })
      .where('id', '=', contactId)
      .execute();
    await appendEvents(trx, organizationId, [{ type: 'contact:updated', payload: { contactId } }]);
    return next;
  });
}
