import { api, type VerifyReport } from '../api';
import { useLoad } from '../app/useLoad';
import { useI18n, type MessageKey } from '../i18n';

const UNSIGNED_DETAIL: Record<NonNullable<VerifyReport['unsignedReason']>, MessageKey> = {
  'no-seal': 'record.panel.noSeal',
  'no-signature': 'record.panel.noSignature',
  'key-not-allowed': 'record.panel.keyNotAllowed',
};

/**
 * The record check (api.verifyRun, docs/run-records.md): green when signed by an allowed key and intact,
 * amber when intact but unsigned, red with every problem when broken.
 */
export function VerifyPanel({ runId }: { runId: string }) {
  const { t } = useI18n();
  const [report] = useLoad(() => api.verifyRun({ runId }), `verify/${runId}`);
  if (report.status === 'loading')
    return <p className="verify verify-pending">{t('hist.verify.checking')}</p>;
  if (report.status === 'error')
    return (
      <p className="verify verify-bad" role="alert">
        {t('hist.verify.error', { message: report.message })}
      </p>
    );
  const { state, events, problems, notes, principal, fingerprint, unsignedReason, sealedSeq } = report.value;
  const look = state === 'signed' ? 'verify-ok' : state === 'unsigned' ? 'verify-warn' : 'verify-bad';
  const title =
    state === 'signed'
      ? t('record.panel.signed')
      : state === 'unsigned'
        ? t('record.panel.unsigned')
        : t('record.panel.broken');
  const detail =
    state === 'signed'
      ? t('record.panel.signedDetail', {
          principal: principal ?? '?',
          fingerprint: fingerprint ?? '?',
          count: events,
        })
      : state === 'unsigned'
        ? t(UNSIGNED_DETAIL[unsignedReason ?? 'no-seal'], { fingerprint: fingerprint ?? '?' })
        : t('record.panel.brokenDetail');
  return (
    <div
      className={`verify ${look}`}
      role={state === 'broken' ? 'alert' : 'status'}
      data-verified={state !== 'broken'}
      data-record={state}
    >
      <p className="verify-title">
        <span aria-hidden="true">{state === 'signed' ? '✔' : state === 'unsigned' ? '⚠' : '✖'}</span> {title}
      </p>
      <p className="verify-detail">{detail}</p>
      {state === 'broken' && sealedSeq !== undefined ? (
        <p className="verify-detail">{t('record.panel.sealedUpTo', { seq: sealedSeq })}</p>
      ) : null}
      {problems.length > 0 ? (
        <ul className="verify-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {notes.length > 0 ? (
        <ul className="verify-notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
