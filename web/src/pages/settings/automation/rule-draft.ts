import type { RuleAction, RuleCondition } from '../../../api/automation-api.ts';

/** A new condition or action of a type, with empty values for the agent to fill in. */
export function blankCondition(type: RuleCondition['type']): RuleCondition {
  switch (type) {
    case 'platform':
      return { type, platforms: [] };
    case 'channel':
      return { type, channelIds: [] };
    case 'text_contains':
      return { type, value: '' };
    case 'text_matches':
      return { type, pattern: '' };
    case 'label':
      return { type, label: '', present: true };
    case 'contact_attribute':
      return { type, key: '', value: '' };
    case 'business_hours':
      return { type, open: false };
    case 'team':
      return { type, teamIds: [] };
  }
}

export function blankAction(type: RuleAction['type']): RuleAction {
  switch (type) {
    case 'assign_agent':
      return { type, userId: 0 };
    case 'assign_team':
      return { type, teamId: 0 };
    case 'add_label':
      return { type, label: '' };
    case 'set_priority':
      return { type, priority: 'high' };
    case 'send_canned':
      return { type, cannedResponseId: 0 };
    case 'add_note':
      return { type, text: '' };
    case 'snooze':
      return { type, hours: 4 };
    case 'resolve':
      return { type };
    case 'send_webhook':
      return { type, subscriptionId: 0 };
  }
}

/** The condition types the editor offers. */
export const CONDITION_TYPES = ['text_contains', 'text_matches', 'platform', 'channel', 'team', 'label', 'contact_attribute', 'business_hours'] as const;
export const ACTION_TYPES = ['assign_agent', 'assign_team', 'add_label', 'set_priority', 'send_canned', 'add_note', 'snooze', 'resolve', 'send_webhook'] as const;
