/**
 * Automation (Settings → Automation): the greeting and away message, and the rules. Shapes from
 * the server's contract (src/contract/automation.ts), imported type-only.
 */
import type { z } from 'zod';
import type { AutomationSettings, AutomationSettingsChange, Rule, RuleAction, RuleBody, RuleCondition, RuleEvent, RuleTestResult } from '../../../src/contract/automation.ts';
import type { ConversationPageSchema } from '../../../src/contract/conversations.ts';
import { request } from './http.ts';

export type { AutomationSettings, Rule, RuleAction, RuleBody, RuleCondition, RuleEvent, RuleTestResult };
export type ConversationSummary = z.infer<typeof ConversationPageSchema>['conversations'][number];

export const getAutomationSettings = (signal?: AbortSignal) => request<{ settings: AutomationSettings }>('/api/v1/automation/settings', { signal }).then((r) => r.settings);
export const saveAutomationSettings = (body: AutomationSettingsChange) => request<{ settings: AutomationSettings }>('/api/v1/automation/settings', { method: 'PATCH', body }).then((r) => r.settings);
export const listRules = (signal?: AbortSignal) => request<{ rules: Rule[] }>('/api/v1/automation/rules', { signal }).then((r) => r.rules);
export const createRule = (body: RuleBody) => request<{ rule: Rule }>('/api/v1/automation/rules', { method: 'POST', body }).then((r) => r.rule);
export const updateRule = (id: number, body: RuleBody) => request<{ rule: Rule }>(`/api/v1/automation/rules/${id}`, { method: 'PUT', body }).then((r) => r.rule);
export const deleteRule = (id: number) => request<{ ok: true }>(`/api/v1/automation/rules/${id}`, { method: 'DELETE' });
export const reorderRules = (ruleIds: number[]) => request<{ rules: Rule[] }>('/api/v1/automation/rules/order', { method: 'PUT', body: { ruleIds } }).then((r) => r.rules);
export const testRule = (rule: RuleBody, conversationId: number) => request<RuleTestResult>('/api/v1/automation/rules/test', { method: 'POST', body: { rule, conversationId } });
export const recentConversations = (signal?: AbortSignal) => request<{ conversations: ConversationSummary[] }>('/api/v1/conversations/?limit=25', { signal }).then((r) => r.conversations);
