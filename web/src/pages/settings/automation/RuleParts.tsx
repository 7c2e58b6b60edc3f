import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { listChannels } from '../../../api/admin-api.ts';
import type { RuleAction, RuleCondition } from '../../../api/automation-api.ts';
import { listTeams, teamKeys } from '../../../api/teams-api.ts';
import { queryKeys } from '../../../queries/query-keys.ts';
import { useManagedUsers } from '../../../queries/use-people.ts';
import { usePlatforms } from '../../../queries/use-platforms.ts';
import { useCannedList } from '../../../queries/use-team-settings.ts';
import { useWebhookSubscriptions } from '../../../queries/use-webhook-subscriptions.ts';

/** The organisation's teams, for the team condition and the "assign to team" action. */
const useTeams = (enabled: boolean) => useQuery({ queryKey: teamKeys.teams(), queryFn: ({ signal }) => listTeams(signal), enabled });

/** One id chosen from a list (a channel, a team): the condition takes a list, the editor offers one. */
function PickOne({
  label,
  current,
  options,
  onPick,
  testId,
}: {
  label: string;
  current: number | undefined;
  options: { id: number; name: string }[];
  onPick: (ids: number[]) => void;
  testId: string;
}) {
  return (
    <select aria-label={label} value={current ?? ''} onChange={(e) => onPick(e.target.value ? [Number(e.target.value)] : [])} data-testid={testId}>
      <option value="">—</option>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}

/** The fields of one condition, by its type. */
export function ConditionFields({ value, onChange }: { value: RuleCondition; onChange: (c: RuleCondition) => void }) {
  const { t } = useTranslation('settings-automation');
  const platforms = usePlatforms();
  const channels = useQuery({ queryKey: queryKeys.channels(), queryFn: ({ signal }) => listChannels(signal), enabled: value.type === 'channel' });
  const teams = useTeams(value.type === 'team');
  switch (value.type) {
    case 'channel':
      return (
        <PickOne
          label={t('conditions.channel')}
          current={value.channelIds[0]}
          options={(channels.data ?? []).map((c) => ({ id: c.id, name: c.name }))}
          onPick={(channelIds) => onChange({ ...value, channelIds })}
          testId="condition-channel"
        />
      );
    case 'team':
      return <PickOne label={t('conditions.team')} current={value.teamIds[0]} options={teams.data ?? []} onPick={(teamIds) => onChange({ ...value, teamIds })} testId="condition-team" />;
    case 'text_contains':
      return <input aria-label={t('conditions.text_contains')} value={value.value} onChange={(e) => onChange({ ...value, value: e.target.value })} data-testid="condition-value" />;
    case 'text_matches':
      return <input aria-label={t('conditions.text_matches')} value={value.pattern} onChange={(e) => onChange({ ...value, pattern: e.target.value })} className="mono" />;
    case 'platform':
      return (
        <select aria-label={t('conditions.platform')} value={value.platforms[0] ?? ''} onChange={(e) => onChange({ ...value, platforms: e.target.value ? [e.target.value as never] : [] })}>
          <option value="">—</option>
          {platforms.map((p) => (
            <option key={p.id} value={p.id}>
              {p.ui.name}
            </option>
          ))}
        </select>
      );
    case 'label':
      return (
        <>
          <select aria-label={t('conditions.labelState')} value={value.present ? 'yes' : 'no'} onChange={(e) => onChange({ ...value, present: e.target.value === 'yes' })}>
            <option value="yes">{t('conditions.has')}</option>
            <option value="no">{t('conditions.hasNot')}</option>
          </select>
          <input aria-label={t('conditions.label')} value={value.label} onChange={(e) => onChange({ ...value, label: e.target.value })} />
        </>
      );
    case 'contact_attribute':
      return (
        <>
          <input aria-label={t('conditions.attributeKey')} placeholder={t('conditions.attributeKey')} value={value.key} onChange={(e) => onChange({ ...value, key: e.target.value })} />
          <input aria-label={t('conditions.attributeValue')} placeholder={t('conditions.attributeValue')} value={value.value} onChange={(e) => onChange({ ...value, value: e.target.value })} />
        </>
      );
    case 'business_hours':
      return (
        <select aria-label={t('conditions.business_hours')} value={value.open ? 'open' : 'closed'} onChange={(e) => onChange({ ...value, open: e.target.value === 'open' })}>
          <option value="open">{t('conditions.open')}</option>
          <option value="closed">{t('conditions.closed')}</option>
        </select>
      );
    default:
      return null;
  }
}

/** The fields of one action, by its type. */
export function ActionFields({ value, onChange }: { value: RuleAction; onChange: (a: RuleAction) => void }) {
  const { t } = useTranslation('settings-automation');
  const users = useManagedUsers();
  const canned = useCannedList();
  const hooks = useWebhookSubscriptions();
  const teams = useTeams(value.type === 'assign_team');
  const pick = (label: string, current: number, options: { id: number; name: string }[], set: (id: number) => void) => (
    <select aria-label={label} value={current || ''} onChange={(e) => set(Number(e.target.value))} data-testid="action-target">
      <option value="">—</option>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
  switch (value.type) {
    case 'assign_agent':
      return pick(
        t('actions.assign_agent'),
        value.userId,
        (users.data ?? []).filter((u) => !u.disabledAt),
        (userId) => onChange({ ...value, userId }),
      );
    case 'assign_team':
      return pick(t('actions.assign_team'), value.teamId, teams.data ?? [], (teamId) => onChange({ ...value, teamId }));
    case 'send_canned':
      return pick(
        t('actions.send_canned'),
        value.cannedResponseId,
        (canned.data ?? []).map((c) => ({ id: c.id, name: `/${c.shortcut}` })),
        (cannedResponseId) => onChange({ ...value, cannedResponseId }),
      );
    case 'send_webhook':
      return pick(
        t('actions.send_webhook'),
        value.subscriptionId,
        (hooks.data ?? []).map((h) => ({ id: h.id, name: h.url })),
        (subscriptionId) => onChange({ ...value, subscriptionId }),
      );
    case 'add_label':
      return <input aria-label={t('actions.add_label')} value={value.label} onChange={(e) => onChange({ ...value, label: e.target.value })} data-testid="action-label" />;
    case 'add_note':
      return <input aria-label={t('actions.add_note')} value={value.text} onChange={(e) => onChange({ ...value, text: e.target.value })} />;
    case 'snooze':
      return <input type="number" min={1} aria-label={t('actions.hours')} value={value.hours} onChange={(e) => onChange({ ...value, hours: Number(e.target.value) })} />;
    case 'set_priority':
      return (
        <select aria-label={t('actions.set_priority')} value={value.priority} onChange={(e) => onChange({ ...value, priority: e.target.value as typeof value.priority })}>
          {(['low', 'normal', 'high', 'urgent'] as const).map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      );
    default:
      return null;
  }
}
