import { useCallback, useEffect, useState } from 'react';

export type Load<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string; code?: string };

/** Runs `fetch` when `key` changes; an answer for an older key is dropped. `reload` retries. */
export function useLoad<T>(fetch: () => Promise<T>, key: string): [Load<T>, () => void] {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    fetch().then(
      (value) => live && setState({ status: 'ready', value }),
      (error: unknown) =>
        live &&
        setState({
          status: 'error',
          message: error instanceof Error ? error.message : String(error),
          code: (error as { code?: string } | null)?.code,
        }),
    );
    return () => {
      live = false;
    };
    // `fetch` is a fresh closure each render; `key` says when it means something new.
  }, [key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, reload];
}
