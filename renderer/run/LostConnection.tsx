import type { RunState } from '../api';
import { useI18n } from '../i18n';
import { Button } from '../ui';

interface Props {
  state: RunState;
  busy: boolean;
  onReconnect: (choice: 'continue' | 'replay') => void;
  onStop: () => void;
}

/**
 * The run page's alert for servers whose SSH connection dropped (state.lost, from the engine). While the run
 * waits for the engineer (awaiting-reconnect), it offers the choices of run/reconnect-policy.ts with what
 * each means: continue in a new shell (cd and exports lost), re-run the listed set-up steps first, or stop.
 */
export function LostConnection({ state, busy, onReconnect, onStop }: Props) {
  const { t } = useI18n();
  if (state.lost.length === 0 && !state.reconnect) return null;
  const waiting = state.phase === 'awaiting-reconnect' ? state.reconnect : undefined;
  const others = state.lost.filter((l) => l.role !== waiting?.role);
  return (
    <div className="run-alert run-alert-error run-lost" role="alert" data-testid="lost-connection">
      {waiting ? (
        <>
          <strong>{t('run.lost.title', { server: t(`role.${waiting.role}`) })}</strong>
          <p>{t('run.lost.reason', { reason: waiting.reason })}</p>
          <p>{t('run.lost.warning')}</p>
          <p>
            {waiting.replay.length > 0
              ? t('run.lost.replayList', { steps: waiting.replay.join(', ') })
              : t('run.lost.noReplay')}
          </p>
          <div className="run-lost-actions">
            <Button variant="primary" disabled={busy} onClick={() => onReconnect('continue')}>
              {t('run.lost.continue')}
            </Button>
            {waiting.replay.length > 0 ? (
              <Button disabled={busy} onClick={() => onReconnect('replay')}>
                {t('run.lost.replay')}
              </Button>
            ) : null}
            <Button variant="danger" disabled={busy} onClick={onStop}>
              {t('run.lost.stop')}
            </Button>
          </div>
        </>
      ) : null}
      {others.map((l) => (
        <div key={l.role}>
          <strong>{t('run.lost.title', { server: t(`role.${l.role}`) })}</strong>
          <p>
            {t('run.lost.reason', { reason: l.reason })} {t('run.lost.later')}
          </p>
        </div>
      ))}
    </div>
  );
}
