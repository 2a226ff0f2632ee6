import { useEffect, useState } from 'react';
import { api, type SearchHit } from '../api';

export type SearchResult =
  | { status: 'idle' }
  | { status: 'searching'; query: string }
  | { status: 'done'; query: string; hits: SearchHit[] }
  | { status: 'error'; query: string; message: string };

const DEBOUNCE_MS = 120;

/** Asks the backend's full-text search, debounced; an answer to an older query is dropped. */
export function useRunbookSearch(query: string): SearchResult {
  const [result, setResult] = useState<SearchResult>({ status: 'idle' });
  useEffect(() => {
    const trimmed = query.trim();
    if (trimmed.length < 2) {
      setResult({ status: 'idle' });
      return;
    }
    let live = true;
    setResult((r) => (r.status === 'done' ? r : { status: 'searching', query: trimmed }));
    const timer = window.setTimeout(() => {
      api.searchRunbooks({ query: trimmed, limit: 30 }).then(
        (hits) => live && setResult({ status: 'done', query: trimmed, hits }),
        (error: unknown) =>
          live &&
          setResult({
            status: 'error',
            query: trimmed,
            message: error instanceof Error ? error.message : String(error),
          }),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [query]);
  return result;
}
