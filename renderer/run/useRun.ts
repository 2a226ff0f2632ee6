import { useEffect, useState } from 'react';
import { api, type RunEvent, type RunState, type RunSummary } from '../api';
import { errorText } from '../app/errorText';
import { useI18n } from '../i18n';

export type RunLoad =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; summary: RunSummary; state?: RunState; events: RunEvent[] };

/** Merges events by seq: pushed events may arrive before, during or after the getRun answer. */
export function mergeEvents(known: readonly RunEvent[], incoming: readonly RunEvent[]): RunEvent[] {
  if (incoming.length === 0) return known as RunEvent[];
  const bySeq = new Map<number, RunEvent>();
  for (const e of known) bySeq.set(e.seq, e);
  for (const e of incoming) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * A run as the backend reports it: the recorded events and, while it is live, the state pushed by
 * onRunState. Subscribes before fetching so nothing pushed in between is lost.
 */
export function useRun(runId: string): RunLoad {
  const { t } = useI18n();
  const [load, setLoad] = useState<RunLoad>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    let buffered: RunEvent[] = [];
    let latest: RunState | undefined;
    let ready = false;
    const offState = api.onRunState((state) => {
      if (state.runId !== runId) return;
      latest = state;
      if (ready) setLoad((l) => (l.status === 'ready' ? { ...l, state } : l));
    });
    const offEvent = api.onRunEvent(({ runId: id, event }) => {
      if (id !== runId) return;
      if (!ready) buffered.push(event);
      else setLoad((l) => (l.status === 'ready' ? { ...l, events: mergeEvents(l.events, [event]) } : l));
    });
    api.getRun({ runId }).then(
      (detail) => {
        if (!live) return;
        ready = true;
        setLoad({
          status: 'ready',
          summary: detail.summary,
          state: latest ?? detail.state,
          events: mergeEvents(detail.events, buffered),
        });
        buffered = [];
      },
      (error: unknown) => live && setLoad({ status: 'error', message: errorText(t, error) }),
    );
    return () => {
      live = false;
      offState();
      offEvent();
    };
    // t is left out on purpose: a language change must not reload the run (the message is shown once).
  }, [runId]);
  return load;
}
