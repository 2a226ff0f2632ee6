import type { RunSummary } from '../api';
import { useI18n, type MessageKey } from '../i18n';

const LABELS: Record<RunSummary['outcome'], MessageKey> = {
  succeeded: 'outcome.succeeded',
  failed: 'outcome.failed',
  aborted: 'outcome.aborted',
  interrupted: 'outcome.interrupted',
};

type Run = Pick<RunSummary, 'outcome' | 'skippedFailures' | 'warnings'>;

/**
 * A run's outcome: colour and text (never colour alone), on the design system's badge. A success with a
 * failed step skipped is not a clean one: amber, "réussie, 1 échec ignoré"; warnings are counted beside it
 * (run/run-concerns.ts says what counts).
 */
export function OutcomeBadge({ run }: { run: Run }) {
  const { t, language } = useI18n();
  const plural = (count: number) => new Intl.PluralRules(language).select(count);
  const skipped = run.skippedFailures.length;
  const withSkips = run.outcome === 'succeeded' && skipped > 0;
  const tone = withSkips ? 'succeeded-with-skips' : run.outcome;
  return (
    <span className="outcome">
      <span
        className={`badge badge-status badge-outcome-${tone}`}
        data-outcome={run.outcome}
        title={withSkips ? run.skippedFailures.join(', ') : undefined}
      >
        <span className="badge-dot" aria-hidden="true" />
        {withSkips
          ? t(plural(skipped) === 'one' ? 'outcome.skippedFailures.one' : 'outcome.skippedFailures.other', {
              count: skipped,
            })
          : t(LABELS[run.outcome])}
      </span>
      {run.warnings > 0 ? (
        <span className="outcome-warnings">
          {t(plural(run.warnings) === 'one' ? 'outcome.warnings.one' : 'outcome.warnings.other', {
            count: run.warnings,
          })}
        </span>
      ) : null}
    </span>
  );
}
