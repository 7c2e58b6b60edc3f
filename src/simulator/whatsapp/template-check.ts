import type { GraphErrorSpec } from '../graph/errors.ts';
import { placeholders, TEMPLATES, type Template } from './templates.ts';

/**
 * Checks a `template` send object against the approved templates the way Cloud API does at send
 * time (FACTS 4.3): unknown name/language 132001, parameter count 132000, format 132012.
 */

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const wa = (code: number, message: string, details: string, status = 400): GraphErrorSpec => ({ status, code, message: `(#${code}) ${message}`, details, whatsapp: true });

export function checkTemplate(value: unknown): { template: Template } | { error: GraphErrorSpec } {
  const t = asObj(value);
  const name = typeof t?.name === 'string' ? t.name : undefined;
  const code = typeof asObj(t?.language)?.code === 'string' ? String(asObj(t?.language)?.code) : undefined;
  if (!name) return { error: wa(100, 'The parameter template[name] is required.', 'template name is required') };
  if (!code) return { error: wa(100, 'The parameter template[language][code] is required.', 'template language is required') };
  const template = TEMPLATES.find((x) => x.name === name && x.language === code);
  if (!template) return { error: wa(132001, 'Template name does not exist in the translation', `template name (${name}) does not exist in ${code}`, 404) };
  const components = Array.isArray(t?.components) ? t.components.map(asObj) : [];
  const given = (type: string, index?: number): unknown[] => {
    const c = components.find((x) => String(x?.type).toLowerCase() === type && (index === undefined || String(x?.index) === String(index)));
    return Array.isArray(c?.parameters) ? c.parameters : [];
  };

  const body = template.components.find((c) => c.type === 'BODY');
  const expected = placeholders(body?.text);
  const bodyParams = given('body');
  if (bodyParams.length !== expected.length) {
    return { error: wa(132000, 'Number of parameters does not match the expected number of params', `body: number of localizable_params (${bodyParams.length}) does not match the expected number of params (${expected.length})`) };
  }
  for (const [i, p] of bodyParams.map(asObj).entries()) {
    if (p?.type !== 'text' && p?.type !== 'currency' && p?.type !== 'date_time') return { error: wa(132012, 'Parameter format does not match format in the created template', `body: Format mismatch, expected TEXT, received ${String(p?.type).toUpperCase()}`) };
    if (template.parameter_format === 'NAMED' && p.parameter_name !== expected[i] && !expected.includes(String(p.parameter_name))) {
      return { error: wa(132000, 'Number of parameters does not match the expected number of params', `body: parameter_name (${String(p.parameter_name)}) is not one of ${expected.join(', ')}`) };
    }
  }

  const header = template.components.find((c) => c.type === 'HEADER');
  if (header?.format && header.format !== 'TEXT') {
    const p = asObj(given('header')[0]);
    const want = header.format.toLowerCase();
    if (!p || p.type !== want || !asObj(p[want])) {
      return { error: wa(132012, 'Parameter format does not match format in the created template', `header: Format mismatch, expected ${header.format}, received ${p ? String(p.type).toUpperCase() : 'UNKNOWN'}`) };
    }
  }
  const buttons = template.components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  for (const [index, button] of buttons.entries()) {
    if (button.type !== 'URL' || !button.url?.includes('{{')) continue;
    if (given('button', index).length !== 1) {
      return { error: wa(132000, 'Number of parameters does not match the expected number of params', `button: number of localizable_params (${given('button', index).length}) does not match the expected number of params (1)`) };
    }
  }
  return { template };
}
