import { useMemo, type ReactNode } from 'react';
import { labelStyle } from '../lib/label-colors.ts';
import { useLabels } from '../queries/use-team-settings.ts';
import './label-chip.css';

/**
 * The organisation's label colours by name, lower-cased (conversations carry labels by name, and a
 * name is matched without regard to case, as the server matches it).
 */
export function useLabelColors(): ReadonlyMap<string, string> {
  const labels = useLabels().data;
  return useMemo(() => new Map((labels ?? []).map((l) => [l.name.toLowerCase(), l.color])), [labels]);
}

/** A label as a chip in its colour (the default chip when the organisation has no colour for it). */
export function LabelChip({ name, color, children, testId }: { name: string; color: string | undefined; children?: ReactNode; testId?: string }) {
  return (
    <span className="label-chip" style={labelStyle(color)} data-testid={testId} data-label={name}>
      {name}
      {children}
    </span>
  );
}
