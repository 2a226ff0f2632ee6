import type { RecordStatus } from '../api';
import { useI18n, type MessageKey } from '../i18n';

const LABELS: Record<RecordStatus['state'], MessageKey> = {
  signed: 'record.signed',
  unsigned: 'record.unsigned',
  broken: 'record.broken',
};

/**
 * Signed, unsigned or tampered (docs/run-records.md), in words and colour (never colour alone). The
 * backend decides the state (record-verify.ts); this only shows it.
 */
export function RecordBadge({ record }: { record: RecordStatus }) {
  const { t } = useI18n();
  const title =
    record.state === 'signed'
      ? t('record.signedBy', { principal: record.principal ?? '?', fingerprint: record.fingerprint ?? '?' })
      : undefined;
  return (
    <span className={`tag tag-record-${record.state}`} data-record={record.state} title={title}>
      {t(LABELS[record.state])}
    </span>
  );
}
