import { useEffect, useMemo, useRef, useState } from 'react';
import { api, type RunState, type ServerRole, type StepView } from '../api';
import { formatRoute } from '../app/routes';
import { errorText } from '../app/errorText';
import { useLoad } from '../app/useLoad';
import { useI18n } from '../i18n';
import { TerminalTabs } from '../terminal/TerminalTabs';
import { Button, useToast } from '../ui';
import { askNotificationPermission, notifyStepEnd } from './notify';
import { LostConnection } from './LostConnection';
import { AbortDialog, ConfirmDialog, DiffDialog, SkipDialog } from './RunDialogs';
import { formatDuration, formatElapsed, progressOf, runStartedAt, stepFacts } from './runFormat';
import { renderTitle, runValuesOf } from './runTitles';
import { MissingSecretForm } from './MissingSecretForm';
import { StepList } from './StepList';
import { useRun } from './useRun';
import './run.css';

/** A run, live or recorded: `#/runs/<runId>`. */
export function RunPage({ runId }: { runId: string }) {
  const { t } = useI18n();
  const load = useRun(runId);
  if (load.status === 'loading') return <p className="page page-status">{t('run.loading')}</p>;
  if (load.status === 'error')
    return (
      <section className="page">
        <div className="page-error" role="alert">
          {load.message}
        </div>
      </section>
    );
  if (!load.state)
    return (
      <section className="page">
        <h1 className="page-title">{load.summary.title ?? runId}</h1>
        <p className="page-intro">{t('run.notLive')}</p>
        <a href={formatRoute({ view: 'history' })}>{t('run.toHistory')}</a>
      </section>
    );
  return <LiveRun state={load.state} events={load.events} title={load.summary.title} />;
}

type Mode = 'next' | 'until';

function LiveRun({
  state,
  events,
  title,
}: {
  state: RunState;
  events: Parameters<typeof stepFacts>[0];
  title?: string;
}) {
  const { t, language } = useI18n();
  const notify = useToast();
  const { runId } = state;
  const [runbook] = useLoad(() => api.getRunbook({ id: state.runbookId }), state.runbookId);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [skipStep, setSkipStep] = useState<string>();
  const [diffStep, setDiffStep] = useState<string>();
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [abortOpen, setAbortOpen] = useState(false);
  const mode = useRef<Mode>('next');

  const views = useMemo(() => {
    const map = new Map<string, StepView>();
    if (runbook.status === 'ready') for (const s of runbook.value.steps) map.set(s.name, s);
    return map;
  }, [runbook]);
  const facts = useMemo(() => stepFacts(events), [events]);
  const values = useMemo(() => runValuesOf(events), [events]);
  const progress = progressOf(state);
  const startedAt = runStartedAt(events);
  const finishedAt = events.findLast((e) => e.type === 'run-finished')?.ts;
  const ended = state.phase === 'finished' || state.phase === 'aborted';

  useEffect(() => {
    if (ended) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [ended]);

  // A confirmation is asked for as soon as the backend says the run waits for one.
  useEffect(() => {
    setConfirmOpen(state.phase === 'awaiting-confirmation');
  }, [state.phase, state.current]);

  useEffect(
    () =>
      api.onRunEvent(({ runId: id, event }) => {
        if (id !== runId) return;
        notifyStepEnd(event, (ok, step, durationMs) => ({
          title: ok ? t('run.notifyDone', { step }) : t('run.notifyFailed', { step }),
          body: t('run.notifyBody', { title: title ?? '', duration: formatDuration(durationMs, language) }),
        }));
      }),
    [runId, t, title, language],
  );

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      notify(t('run.failedAction', { message: errorText(t, error) }), 'error');
    } finally {
      setBusy(false);
    }
  };
  const run = (next: Mode) => {
    mode.current = next;
    askNotificationPermission();
    void act(() => (next === 'next' ? api.runNext({ runId }) : api.runUntilPause({ runId })));
  };

  const roles = useMemo(() => {
    const list: ServerRole[] = [];
    const add = (role?: ServerRole) => role && !list.includes(role) && list.push(role);
    if (runbook.status === 'ready') runbook.value.servers.forEach(add);
    state.steps.forEach((s) => add(s.target));
    return list;
  }, [runbook, state.steps]);
  const runningStep = state.steps.find((s) => s.status === 'running');
  const currentStep = state.steps.find((s) => s.name === state.current);
  const focusRole = runningStep?.target ?? currentStep?.target;
  const elapsed = startedAt ? (finishedAt ? Date.parse(finishedAt) : now) - Date.parse(startedAt) : 0;

  return (
    <section className="run-page" aria-labelledby="run-title" data-phase={state.phase}>
      <header className="run-header">
        <div className="run-header-text">
          <p className="runbook-eyebrow">
            {t('run.title')} · <code>{runId}</code>
          </p>
          <h1 id="run-title" className="run-title">
            {title ?? (runbook.status === 'ready' ? runbook.value.title : state.runbookId)}
          </h1>
        </div>
        <div className="run-header-status">
          <span className={`run-phase run-phase-${state.phase}`} role="status">
            {t(`run.phase.${state.phase}`)}
          </span>
          <span className="run-elapsed">
            {t('run.elapsed')} <strong data-testid="run-elapsed">{formatElapsed(elapsed)}</strong>
          </span>
        </div>
        <div className="run-progress">
          <div
            className="run-progress-bar"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={progress.total}
            aria-valuenow={progress.done}
            aria-label={t('run.progress', { done: progress.done, total: progress.total })}
          >
            <span style={{ width: `${progress.percent}%` }} />
          </div>
          <span className="run-progress-text">
            {t('run.progress', { done: progress.done, total: progress.total })}
          </span>
        </div>
        <div className="run-toolbar" hidden={ended}>
          <Button variant="primary" disabled={busy || state.phase !== 'idle'} onClick={() => run('next')}>
            {t('run.runStep')}
          </Button>
          <Button
            disabled={busy || state.phase !== 'idle'}
            title={t('run.runUntilHint')}
            onClick={() => run('until')}
          >
            {t('run.runUntil')}
          </Button>
          <span className="run-toolbar-spacer" />
          <Button variant="danger" disabled={ended} onClick={() => setAbortOpen(true)}>
            {t('run.abort')}
          </Button>
        </div>
      </header>
      {state.lastError ? (
        <div className="run-alert run-alert-error" role="alert">
          <strong>{t('run.lastError', { step: state.lastError.step })}</strong>
          {state.lastError.code === 'host-key-changed' ? <p>{t('run.hostKeyChanged')}</p> : null}
          {state.lastError.code === 'host-key-revoked' ? <p>{t('run.hostKeyRevoked')}</p> : null}
          <p>{state.lastError.message}</p>
          {state.lastError.missingSecret ? (
            <MissingSecretForm
              secret={state.lastError.missingSecret}
              busy={busy}
              onSubmit={(value) => {
                const missing = state.lastError!.missingSecret!;
                const step = state.lastError!.step;
                return act(async () => {
                  await api.setServerSecret({
                    id: missing.serverId,
                    kind: missing.kind,
                    value,
                    ...(missing.jump ? { jump: true as const } : {}),
                  });
                  await api.retryStep({ runId, step });
                });
              }}
            />
          ) : null}
        </div>
      ) : null}
      <LostConnection
        state={state}
        busy={busy}
        onReconnect={(choice) =>
          void act(async () => {
            await api.reconnectRun({ runId, choice });
            await (mode.current === 'until' ? api.runUntilPause({ runId }) : api.runNext({ runId }));
          })
        }
        onStop={() => setAbortOpen(true)}
      />
      {state.phase === 'finished' ? (
        <div className="run-alert run-alert-success" role="status">
          {t('run.finished')} <a href={formatRoute({ view: 'history' })}>{t('run.toHistory')}</a>
        </div>
      ) : null}
      {state.phase === 'aborted' ? (
        <div className="run-alert" role="status">
          {t('run.aborted')} <a href={formatRoute({ view: 'history' })}>{t('run.toHistory')}</a>
        </div>
      ) : null}
      <div className="run-layout">
        <div className="run-steps-column">
          <StepList
            state={state}
            views={views}
            facts={facts}
            values={values}
            now={now}
            busy={busy}
            actions={{
              runStep: () => run('next'),
              retry: () => void act(() => api.retryStep({ runId, step: state.current! })),
              skip: (step) => setSkipStep(step),
              tick: (step) => void act(() => api.tickManual({ runId, step })),
              confirm: () => setConfirmOpen(true),
              diff: (step) => setDiffStep(step),
            }}
          />
        </div>
        <div className="run-terminal-column">
          <TerminalTabs
            runId={runId}
            roles={roles}
            focusRole={focusRole}
            running={
              runningStep
                ? {
                    step: runningStep.name,
                    title: renderTitle(views.get(runningStep.name)?.title ?? '', values),
                    target: runningStep.target,
                  }
                : undefined
            }
          />
        </div>
      </div>
      <SkipDialog
        step={skipStep}
        onCancel={() => setSkipStep(undefined)}
        onSkip={async (reason) => {
          const step = skipStep!;
          setSkipStep(undefined);
          await act(() => api.skipStep({ runId, step, reason }));
        }}
      />
      <ConfirmDialog
        runId={runId}
        pending={
          confirmOpen && state.pending ? { ...state.pending, kind: currentStep?.kind ?? 'shell' } : undefined
        }
        onCancel={() => setConfirmOpen(false)}
        onConfirm={async () => {
          const step = state.pending!.step;
          setConfirmOpen(false);
          await act(async () => {
            await api.confirmStep({ runId, step });
            await (mode.current === 'until' ? api.runUntilPause({ runId }) : api.runNext({ runId }));
          });
        }}
      />
      <DiffDialog runId={runId} step={diffStep} onClose={() => setDiffStep(undefined)} />
      <AbortDialog
        open={abortOpen}
        onCancel={() => setAbortOpen(false)}
        onAbort={async (reason) => {
          setAbortOpen(false);
          await act(() => api.abortRun({ runId, ...(reason ? { reason } : {}) }));
        }}
      />
    </section>
  );
}
