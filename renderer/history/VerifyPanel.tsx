import { api } from '../api';
import { useLoad } from '../app/useLoad';
import { useI18n } from '../i18n';

/** The journal's hash-chain check (api.verifyRun): green when intact, red with each problem otherwise. */
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
  const { ok, events, problems, notes } = report.value;
  return (
    <div
      className={`verify ${ok ? 'verify-ok' : 'verify-bad'}`}
      role={ok ? 'status' : 'alert'}
      data-verified={ok}
    >
      <p className="verify-title">
        <span aria-hidden="true">{ok ? '✔' : '✖'}</span> {ok ? t('hist.verify.ok') : t('hist.verify.bad')}
      </p>
      <p className="verify-detail">
        {ok ? t('hist.verify.okDetail', { count: events }) : t('hist.verify.badDetail')}
      </p>
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
