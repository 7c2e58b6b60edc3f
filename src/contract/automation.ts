import { z } from 'zod';
import { Id, PlatformSchema, Timestamp } from './common.ts';
import { PrioritySchema } from './conversations.ts';
import { schemaText } from './server-texts.ts';

/**
 * Automation (src/core/automation): the organisation's greeting and away message, and its rules
 * ("when <event> and <conditions> then <actions>"), managed by admins at /settings/automation.
 */

/** A text sent by itself: canned variables such as `{{contact.first_name}}` are filled in. */
const AutoText = z.string().trim().max(1000, 'at most 1,000 characters');

export const AutomationSettingsSchema = z.object({
  greeting: z.object({
    enabled: z.boolean(),
    text: z.string(),
    /** A customer is greeted again after this many hours without writing (and never twice within them). */
    quietHours: z.number().int(),
  }),
  away: z.object({ enabled: z.boolean(), text: z.string() }),
  updatedAt: Timestamp.nullable(),
});
export type AutomationSettings = z.infer<typeof AutomationSettingsSchema>;
export const OneAutomationSettings = z.object({ settings: AutomationSettingsSchema });

export const AutomationSettingsChange = z
  .object({
    greeting: z
      .object({ enabled: z.boolean(), text: AutoText, quietHours: z.number().int().min(1, 'at least 1 hour').max(720, 'at most 720 hours (30 days)') })
      .partial()
      .optional(),
    away: z.object({ enabled: z.boolean(), text: AutoText }).partial().optional(),
  })
  .refine((c) => c.greeting !== undefined || c.away !== undefined, schemaText('schema.nothingToChange'));
export type AutomationSettingsChange = z.infer<typeof AutomationSettingsChange>;

export const RULE_EVENTS = ['conversation_created', 'message_received', 'conversation_updated'] as const;
export const RuleEventSchema = z.enum(RULE_EVENTS);
export type RuleEvent = z.infer<typeof RuleEventSchema>;

/** What a rule checks; every condition of a rule must hold. */
export const RuleConditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('platform'), platforms: z.array(PlatformSchema).min(1, 'choose at least one platform') }),
  z.object({ type: z.literal('channel'), channelIds: z.array(z.number().int().positive()).min(1, 'choose at least one channel') }),
  /** The message's text holds this, ignoring case (message events only). */
  z.object({ type: z.literal('text_contains'), value: z.string().trim().min(1, 'give the text to look for').max(200) }),
  /** The message's text matches this regular expression, run by a linear-time engine (no catastrophic backtracking). */
  z.object({ type: z.literal('text_matches'), pattern: z.string().min(1, 'give a pattern').max(200, 'at most 200 characters') }),
  z.object({ type: z.literal('label'), label: z.string().trim().min(1, 'choose a label').max(100), present: z.boolean() }),
  /** A contact attribute equals a value (ignoring case); an empty value means "is not set". */
  z.object({ type: z.literal('contact_attribute'), key: z.string().trim().min(1, 'choose an attribute').max(100), value: z.string().max(500) }),
  z.object({ type: z.literal('business_hours'), open: z.boolean() }),
  /** The conversation belongs to one of these teams (src/core/teams: its channel's team when it began, or a rule's "assign to team"). */
  z.object({ type: z.literal('team'), teamIds: z.array(z.number().int().positive()).min(1, 'choose at least one team') }),
]);
export type RuleCondition = z.infer<typeof RuleConditionSchema>;

/** What a rule does, in order. */
export const RuleActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assign_agent'), userId: z.number().int().positive() }),
  /** Give the conversation to a team: routing then offers it to the team's members as it does the team's own channels' (src/core/routing). */
  z.object({ type: z.literal('assign_team'), teamId: z.number().int().positive() }),
  z.object({ type: z.literal('add_label'), label: z.string().trim().min(1, 'choose a label').max(100) }),
  z.object({ type: z.literal('set_priority'), priority: PrioritySchema }),
  z.object({ type: z.literal('send_canned'), cannedResponseId: z.number().int().positive() }),
  z.object({ type: z.literal('add_note'), text: z.string().trim().min(1, 'give the note a text').max(2000) }),
  z.object({
    type: z.literal('snooze'),
    hours: z
      .number()
      .int()
      .min(1, 'at least 1 hour')
      .max(24 * 90, 'at most 90 days'),
  }),
  z.object({ type: z.literal('resolve') }),
  z.object({ type: z.literal('send_webhook'), subscriptionId: z.number().int().positive() }),
]);
export type RuleAction = z.infer<typeof RuleActionSchema>;

export const RuleSchema = z.object({
  id: z.number(),
  name: z.string(),
  event: RuleEventSchema,
  conditions: z.array(RuleConditionSchema),
  actions: z.array(RuleActionSchema),
  enabled: z.boolean(),
  /** Rules after this one are not run for an event it acted on. */
  stopAfter: z.boolean(),
  position: z.number(),
  updatedAt: Timestamp,
});
export type Rule = z.infer<typeof RuleSchema>;
export const RuleList = z.object({ rules: z.array(RuleSchema) });
export const OneRule = z.object({ rule: RuleSchema });

export const RuleBody = z.object({
  name: z.string().trim().min(1, 'give the rule a name').max(200),
  event: RuleEventSchema,
  conditions: z.array(RuleConditionSchema).max(20, 'at most 20 conditions'),
  actions: z.array(RuleActionSchema).min(1, 'add at least one action').max(10, 'at most 10 actions'),
  enabled: z.boolean().default(true),
  stopAfter: z.boolean().default(false),
});
export type RuleBody = z.infer<typeof RuleBody>;

export const RuleOrder = z.object({ ruleIds: z.array(z.number().int().positive()).max(500) });
export const RuleParams = z.object({ id: Id });

/** A rule tried on a past conversation, changing nothing: which conditions held, what it would do. */
export const RuleTestBody = z.object({ rule: RuleBody, conversationId: z.number().int().positive() });
export const RuleTestResult = z.object({
  matched: z.boolean(),
  conditions: z.array(z.object({ condition: RuleConditionSchema, matched: z.boolean() })),
  /** What each action would do, in words the thread's log uses. */
  actions: z.array(z.object({ action: RuleActionSchema, outcome: z.string() })),
});
export type RuleTestResult = z.infer<typeof RuleTestResult>;
