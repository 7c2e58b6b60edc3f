import { useEffect, useState } from 'react';
import { listCannedResponses } from '../../api/inbox-api.ts';
import type { CannedResponse } from '../../api/types.ts';

let cache: Promise<CannedResponse[]> | null = null;

/** The team's canned responses, read once per page load when first needed; none when the route is missing. */
export function useCannedResponses(wanted: boolean): CannedResponse[] {
  const [items, setItems] = useState<CannedResponse[]>([]);
  useEffect(() => {
    if (!wanted) return;
    cache ??= listCannedResponses().catch(() => []);
    let live = true;
    void cache.then((r) => live && setItems(r));
    return () => {
      live = false;
    };
  }, [wanted]);
  return items;
}
