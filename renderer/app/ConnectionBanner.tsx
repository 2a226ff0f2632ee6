import { useEffect, useState } from 'react';
import { onConnectionStatus, reconnectApiNow, type ConnectionStatus } from '../api';
import { useI18n } from '../i18n';
import { Button } from '../ui';

/**
 * Browser mode: the page says at once when it lost its host (the socket closed), instead of looking live
 * until a click fails; it retries by itself with a growing wait (ws-client.ts), and the engineer can retry
 * now. `onReconnected` is called when the host is back after a loss: what the page shows may be stale.
 */
export function ConnectionBanner({ onReconnected }: { onReconnected: (count: number) => void }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<ConnectionStatus>();
  const [now, setNow] = useState(() => Date.now());

  useEffect(
    () =>
      onConnectionStatus((next) => {
        setStatus(next);
        if (next.state === 'connected' && next.reconnected > 0) onReconnected(next.reconnected);
      }),
    [onReconnected],
  );

  const lost = status !== undefined && status.state !== 'connected';
  useEffect(() => {
    if (!lost) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [lost]);

  if (!status || !lost) return null;
  return (
    <div className="connection-lost" role="alert" data-testid="connection-lost">
      <strong>{t('conn.lost')}</strong>
      <span>{t('conn.lostBody')}</span>
      <span className="connection-lost-retry">
        {status.state === 'lost'
          ? t('conn.retryIn', { seconds: Math.max(0, Math.ceil((status.retryAt - now) / 1000)) })
          : t('conn.retrying')}
      </span>
      <Button size="sm" disabled={status.state === 'connecting'} onClick={reconnectApiNow}>
        {t('conn.reconnect')}
      </Button>
    </div>
  );
}
