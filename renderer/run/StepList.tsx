import type { RunState, RunStepState, StepView } from '../api';
import { useI18n } from '../i18n';
import { Badge, Button } from '../ui';
import { skipReasonText } from '../app/recordedText';
import { formatDuration, type StepFacts } from './runFormat';
import { renderTitle, type RunValues } from './runTitles';

/** How many of a failed step's last output lines its card shows (the terminal and the record have it all). */
const OUTPUT_LINES = 8;

function lastLines(text: string, count: number): string {
  return text.replace(/\s+$/, '').split('\n').slice(-count).join('\n');
}

export interface StepActions {
  runStep: () => void;
  retry: () => void;
  skip: (step: string) => void;
  tick: (step: string) => void;
  confirm: () => void;
  diff: (step: string) => void;
}

interface StepListProps {
  state: RunState;
  views: ReadonlyMap<string, StepView>;
  facts: Readonly<Record<string, StepFacts>>;
  /** The run's recorded values, for the placeholders of step titles (runTitles.ts). */
  values: RunValues;
  now: number;
  busy: boolean;
  actions: StepActions;
}

/** The checklist: every step with what the backend says of it; actions only on the current step. */
export function StepList({ state, views, facts, values, now, busy, actions }: StepListProps) {
  const { t } = useI18n();
  return (
    <ol className="run-steps" aria-label={t('run.steps')}>
      {state.steps.map((step, index) => (
        <StepRow
          key={step.name}
          index={index}
          step={step}
          view={views.get(step.name)}
          fact={facts[step.name]}
          values={values}
          current={state.current === step.name}
          state={state}
          now={now}
          busy={busy}
          actions={actions}
        />
      ))}
    </ol>
  );
}

interface StepRowProps {
  index: number;
  step: RunStepState;
  view?: StepView;
  fact?: StepFacts;
  values: RunValues;
  current: boolean;
  state: RunState;
  now: number;
  busy: boolean;
  actions: StepActions;
}

function StepRow({ index, step, view, fact, values, current, state, now, busy, actions }: StepRowProps) {
  const { t, language } = useI18n();
  const duration =
    step.status === 'running' && fact?.startedAt
      ? now - Date.parse(fact.startedAt)
      : step.status !== 'pending'
        ? fact?.durationMs
        : undefined;
  const phase = state.phase;
  const manualText = current && phase === 'awaiting-manual' ? state.pending?.command : undefined;
  // A task's own text is its title; other steps are titled by their description, values put in.
  const title =
    step.kind === 'manual' && step.display ? step.display : renderTitle(view?.title ?? step.name, values);
  const failed = step.status === 'failed' || step.status === 'interrupted';
  return (
    <li
      className={`run-step${current ? ' run-step-current' : ''}`}
      data-step={step.name}
      data-status={step.status}
      aria-current={current ? 'step' : undefined}
    >
      <div className="run-step-head">
        <span className="run-step-index" aria-hidden="true">
          {index + 1}
        </span>
        <div className="run-step-text">
          <span className="run-step-title" title={title}>
            {title}
          </span>
          <code className="run-step-name">{step.name}</code>
        </div>
        <div className="run-step-badges">
          {step.target ? <Badge role={step.target} /> : <span className="badge">{t('run.manual')}</span>}
          {step.status === 'ticked' ? (
            <span className="badge badge-status badge-status-succeeded" data-status="ticked">
              <span className="badge-dot" aria-hidden="true" />
              {t('run.ticked')}
            </span>
          ) : (
            <Badge status={step.status} />
          )}
        </div>
      </div>
      {duration !== undefined || fact?.exitCode !== undefined || fact?.reason ? (
        <p className="run-step-facts">
          {duration !== undefined ? <span>{formatDuration(duration, language)}</span> : null}
          {fact?.exitCode !== undefined && step.status !== 'running' ? (
            <span className="run-step-exit" data-exit={String(fact.exitCode)}>
              {fact.exitCode === null ? t('run.exitNone') : t('run.exit', { code: fact.exitCode })}
            </span>
          ) : null}
          {fact?.reason && step.status === 'skipped' ? (
            <span className="run-step-reason">« {skipReasonText(t, fact.reason, fact.skippedBy)} »</span>
          ) : null}
        </p>
      ) : null}
      {step.kind === 'shell' && step.display ? (
        <pre className="run-step-command" aria-label={t('run.commandLabel')}>
          <code>{step.display}</code>
        </pre>
      ) : null}
      {step.kind === 'file' && step.display ? (
        <p className="run-step-path">
          {t('run.fileTarget')} <code>{step.display}</code>
        </p>
      ) : null}
      {failed && fact?.output !== undefined ? (
        fact.output.trim() ? (
          <pre className="run-step-output" aria-label={t('run.lastOutput')}>
            {lastLines(fact.output, OUTPUT_LINES)}
          </pre>
        ) : (
          <p className="run-step-no-output">{t('run.noOutput')}</p>
        )
      ) : null}
      {manualText ? <p className="run-step-manual">{manualText}</p> : null}
      {current && phase === 'awaiting-reconnect' && state.reconnect ? (
        <p className="run-step-lost" role="status">
          {t('run.lost.card', {
            server: t(`role.${state.reconnect.role}`),
            reason: state.reconnect.reason,
          })}
        </p>
      ) : null}
      {current ? <CurrentActions step={step} phase={phase} busy={busy} actions={actions} /> : null}
    </li>
  );
}

function CurrentActions({
  step,
  phase,
  busy,
  actions,
}: {
  step: RunStepState;
  phase: RunState['phase'];
  busy: boolean;
  actions: StepActions;
}) {
  const { t } = useI18n();
  // awaiting-reconnect: the choices are in the run page's alert (LostConnection), with what each means.
  if (phase === 'running' || phase === 'finished' || phase === 'aborted' || phase === 'awaiting-reconnect')
    return null;
  const skip = (
    <Button size="sm" variant="ghost" disabled={busy} onClick={() => actions.skip(step.name)}>
      {t('run.skip')}
    </Button>
  );
  const diff =
    step.kind === 'file' ? (
      <Button size="sm" variant="ghost" onClick={() => actions.diff(step.name)}>
        {t('run.previewDiff')}
      </Button>
    ) : null;
  return (
    <div className="run-step-actions">
      {phase === 'idle' ? (
        <Button size="sm" variant="primary" disabled={busy} onClick={actions.runStep}>
          {t('run.runStep')}
        </Button>
      ) : null}
      {phase === 'awaiting-confirmation' ? (
        <Button size="sm" variant="primary" disabled={busy} onClick={actions.confirm}>
          {t('run.confirm')}
        </Button>
      ) : null}
      {phase === 'awaiting-manual' ? (
        <Button size="sm" variant="primary" disabled={busy} onClick={() => actions.tick(step.name)}>
          {t('run.tick')}
        </Button>
      ) : null}
      {phase === 'failed' || phase === 'interrupted' ? (
        <Button size="sm" variant="primary" disabled={busy} onClick={actions.retry}>
          {t('run.retry')}
        </Button>
      ) : null}
      {diff}
      {skip}
    </div>
  );
}
