/** How many `{{n}}` variables a WhatsApp template body has (the highest n). */
export function countVariables(body: string | undefined): number {
  let max = 0;
  for (const m of (body ?? '').matchAll(/\{\{\s*(\d+)\s*\}\}/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/** The body with `{{n}}` replaced by the agent's values (kept as `{{n}}` while empty): a preview, as text. */
export function fillTemplate(body: string, values: readonly string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => values[Number(n) - 1] || whole);
}

/** `{{x}}` filled with `values[prefix + '.' + x]` (kept as `{{x}}` while empty): the template preview, as text. */
export function fillNamed(text: string, prefix: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => values[`${prefix}.${name}`]?.trim() || whole);
}
