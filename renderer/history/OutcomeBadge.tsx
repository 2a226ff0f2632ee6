import type { RunSummary } from '../api';
import { useI18n, type MessageKey } from '../i18n';

const LABELS: Record<RunSummary['outcome'], MessageKey> = {
  succeeded: 'outcome.succeeded',
  failed: 'outcome.failed',
  aborted: 'outcome.aborted',
  interrupted: 'outcome.interrupted',
};

/** A run's outcome: colour and text (never colour alone), on the design system's badge. */
export function OutcomeBadge({ outcome }: { outcome: RunSummary['outcome'] }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-status badge-outcome-${outcome}`} data-outcome={outcome}>
      <span className="badge-dot" aria-hidden="true" />
      {t(LABELS[outcome])}
    </span>
  );
}
