import { useEffect, useState } from 'react';
import { errorMessage, isAbort, isMissingRoute } from '../../api/http.ts';
import { search } from '../../api/inbox-api.ts';
import type { SearchResult } from '../../api/types.ts';

export type SearchState =
  | { status: 'idle' }
  | { status: 'searching'; results: SearchResult[] }
  | { status: 'done'; results: SearchResult[] }
  | { status: 'unavailable' }
  | { status: 'error'; message: string };

const DEBOUNCE_MS = 250;

/** Search as you type: debounced, and each keystroke cancels the request before it. */
export function useSearch(query: string): SearchState {
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  const q = query.trim();
  useEffect(() => {
    if (!q) {
      setState({ status: 'idle' });
      return;
    }
    setState((s) => ({ status: 'searching', results: 'results' in s ? s.results : [] }));
    const ctl = new AbortController();
    const t = window.setTimeout(() => {
      search(q, ctl.signal).then(
        (r) => setState({ status: 'done', results: r.results }),
        (err: unknown) => {
          if (isAbort(err)) return;
          setState(isMissingRoute(err) ? { status: 'unavailable' } : { status: 'error', message: errorMessage(err) });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(t);
      ctl.abort();
    };
  }, [q]);
  return state;
}
