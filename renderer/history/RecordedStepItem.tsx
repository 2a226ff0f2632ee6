import { useI18n } from '../i18n';
import { Badge } from '../ui';
import { skipReasonText } from '../app/recordedText';
import { formatDuration } from './filters';
import type { RecordedStep } from './runSteps';

/** Terminal output as plain text for a <pre>: colour codes and carriage returns removed (never HTML). */
export function plainOutput(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g, '')
      .replace(/\r\n/g, '\n')
      .replace(/\r/g, '\n')
  );
}

/** One step of a recorded run: status, exit code, duration, who acted, and its output (collapsible). */
export function RecordedStepItem({
  step,
  index,
  onReplay,
}: {
  step: RecordedStep;
  index: number;
  onReplay?: () => void;
}) {
  const { t, language } = useI18n();
  const output = plainOutput(step.output).replace(/\n+$/, '');
  const hasBody = Boolean(step.command || output || step.file);
  return (
    <li className={`recorded-step recorded-step-${step.status}`} data-step={step.name}>
      <div className="recorded-step-head">
        <span className="recorded-step-index">{index}</span>
        <span className="recorded-step-name">
          {step.name}
          {step.ref ? <span className="recorded-step-ref"> § {step.ref}</span> : null}
        </span>
        {step.target ? <Badge role={step.target} /> : null}
        {step.status === 'ticked' ? (
          <span className="badge badge-status badge-status-succeeded">
            <span className="badge-dot" aria-hidden="true" />
            {t('hist.step.ticked.status')}
          </span>
        ) : (
          <Badge status={step.status} />
        )}
        <span className="recorded-step-meta">
          {step.exitCode !== null ? <span>{t('hist.step.exit', { code: step.exitCode })}</span> : null}
          {step.timedOut ? <span>{t('hist.step.timedOut')}</span> : null}
          {step.durationMs !== undefined ? <span>{formatDuration(step.durationMs, language)}</span> : null}
          {step.attempts > 1 ? <span>{t('hist.step.attempts', { count: step.attempts })}</span> : null}
        </span>
      </div>
      {step.skipReason ? (
        <p className="recorded-step-note">
          {t('hist.step.skipped', { reason: skipReasonText(t, step.skipReason, step.skippedBy) })}
        </p>
      ) : null}
      {step.tickedBy ? (
        <p className="recorded-step-note">{t('hist.step.ticked', { by: step.tickedBy })}</p>
      ) : null}
      {step.confirmedBy ? (
        <p className="recorded-step-note">{t('hist.step.confirmed', { by: step.confirmedBy })}</p>
      ) : null}
      {hasBody ? (
        <details
          className="recorded-step-body"
          open={step.status === 'failed' || step.status === 'interrupted'}
        >
          <summary>{t('hist.step.output')}</summary>
          {step.command && step.kind === 'shell' ? (
            <pre className="recorded-step-command">{step.command}</pre>
          ) : null}
          {step.file ? (
            <>
              <p className="recorded-step-note">
                {t(step.file.changed ? 'hist.step.fileChanged' : 'hist.step.fileSame', {
                  path: step.file.path,
                })}
              </p>
              {step.file.changed ? <pre className="recorded-step-output">{step.file.diff}</pre> : null}
            </>
          ) : output ? (
            <pre className="recorded-step-output">{output}</pre>
          ) : (
            <p className="recorded-step-note">{t('hist.step.noOutput')}</p>
          )}
          {onReplay ? (
            <button type="button" className="btn btn-ghost btn-sm" onClick={onReplay}>
              {t('hist.step.replay')}
            </button>
          ) : null}
        </details>
      ) : null}
    </li>
  );
}
