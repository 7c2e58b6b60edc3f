import { useTranslation } from 'react-i18next';
import type { Metrics } from '../../api/types.ts';
import { usePlatformLook } from '../../queries/use-platforms.ts';
import { BreakdownTable, type BreakdownRow } from './BreakdownTable.tsx';

/**
 * The breakdowns per agent, label and channel of the conversations started in the range, each a
 * table whose counts open the inbox filtered to exactly those conversations (any status, the
 * same days in the organisation's time zone, the row's agent, label or channel).
 */
export function Breakdowns({ data }: { data: Metrics }) {
  const { t } = useTranslation('dashboard');
  const { name: platformName } = usePlatformLook();
  const { from, to } = data.range;
  const listOf = (extra: Record<string, string>) => `/inbox?${new URLSearchParams({ status: 'any', createdFrom: from, createdTo: to, ...extra }).toString()}`;
  const file = (what: string) => `snorq-${what}-${from}-${to}.csv`;
  const agents: BreakdownRow[] = data.breakdowns.agents.map((a) => {
    const name = a.userId === null ? t('table.unassigned') : (a.name ?? t('table.unknownAgent', { id: a.userId }));
    return { key: String(a.userId), name, plainName: name, href: listOf({ assignee: a.userId === null ? 'unassigned' : String(a.userId) }), figures: a };
  });
  const labels: BreakdownRow[] = data.breakdowns.labels.map((l) => ({ key: l.label, name: l.label, plainName: l.label, href: listOf({ label: l.label }), figures: l }));
  const channels: BreakdownRow[] = data.breakdowns.channels.map((c) => ({
    key: String(c.channelId),
    name: (
      <>
        {c.name} <span className="breakdown__platform">{platformName(c.platform)}</span>
      </>
    ),
    plainName: `${c.name} (${platformName(c.platform)})`,
    href: listOf({ channelId: String(c.channelId) }),
    figures: c,
  }));
  return (
    <div className="breakdowns">
      <p className="breakdowns__explain">{t('explain.breakdowns')}</p>
      <BreakdownTable id="agents" title={t('breakdown.agents')} nameHeader={t('table.agent')} rows={agents} fileName={file('agents')} />
      <BreakdownTable id="labels" title={t('breakdown.labels')} nameHeader={t('table.label')} rows={labels} fileName={file('labels')} />
      <BreakdownTable id="channels" title={t('breakdown.channels')} nameHeader={t('table.channel')} rows={channels} fileName={file('channels')} />
    </div>
  );
}
