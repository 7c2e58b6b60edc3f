import { RE2JS } from 're2js';
import type { RuleCondition } from '../../contract/automation.ts';
import type { Platform } from '../../db/schema.ts';
import { isWithinBusinessHours } from '../organization/business-hours.ts';
import type { OrganizationSettings } from '../organization/organization-settings.ts';

/** What a rule's conditions are checked against: the conversation as it is, and the message (message events) or its latest customer message. */
export interface RuleFacts {
  platform: Platform;
  channelId: number;
  /** The conversation's team (null: none). */
  teamId: number | null;
  text: string | null;
  labels: string[];
  contactAttributes: Record<string, string | number>;
  /** When the event happened (business hours are judged then). */
  at: Date;
  organization: OrganizationSettings;
}

/** Longest text a pattern is run over: RE2 is linear in it, and the cut keeps one match cheap whatever arrives. */
const MAX_TEXT = 10_000;

/**
 * A pattern compiled by RE2JS, a port of RE2: matching time is linear in the text whatever the
 * pattern, so no pattern can backtrack catastrophically. It refuses what RE2 cannot run in linear
 * time (backreferences, lookaround), which is refused when the rule is saved, with RE2's reason.
 */
export function compilePattern(pattern: string): { ok: true; regex: RE2JS } | { ok: false; reason: string } {
  try {
    return { ok: true, regex: RE2JS.compile(pattern) };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

const cache = new Map<string, RE2JS | null>();
function patternOf(source: string): RE2JS | null {
  if (!cache.has(source)) {
    if (cache.size > 1000) cache.clear();
    const compiled = compilePattern(source);
    cache.set(source, compiled.ok ? compiled.regex : null);
  }
  return cache.get(source)!;
}

export function conditionHolds(c: RuleCondition, f: RuleFacts): boolean {
  switch (c.type) {
    case 'platform':
      return c.platforms.includes(f.platform);
    case 'channel':
      return c.channelIds.includes(f.channelId);
    case 'text_contains':
      return f.text !== null && f.text.toLocaleLowerCase().includes(c.value.toLocaleLowerCase());
    case 'text_matches':
      return f.text !== null && (patternOf(c.pattern)?.matcher(f.text.slice(0, MAX_TEXT)).find() ?? false);
    case 'label':
      return f.labels.includes(c.label) === c.present;
    case 'contact_attribute': {
      const value = f.contactAttributes[c.key];
      const actual = value === undefined || value === null ? '' : String(value);
      return actual.toLocaleLowerCase() === c.value.trim().toLocaleLowerCase();
    }
    case 'team':
      return f.teamId !== null && c.teamIds.includes(f.teamId);
    case 'business_hours':
      return isWithinBusinessHours(f.organization.businessHours, f.organization.timeZone, f.at, f.organization.holidays) === c.open;
  }
}

/** Each condition and whether it holds (a rule with none always matches). */
export function checkConditions(conditions: readonly RuleCondition[], facts: RuleFacts): { condition: RuleCondition; matched: boolean }[] {
  return conditions.map((condition) => ({ condition, matched: conditionHolds(condition, facts) }));
}
