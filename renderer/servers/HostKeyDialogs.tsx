import { useState } from 'react';
import { api, type ConnectionTest, type ServerView } from '../api';
import { useI18n } from '../i18n';
import { Button, Dialog, useToast } from '../ui';

function where(s: { host: string; port: number }): string {
  return s.port === 22 ? s.host : `[${s.host}]:${s.port}`;
}

/** First contact: the engineer compares the fingerprint out of band, then accepts it explicitly. */
export function UnknownKeyDialog({
  server,
  fingerprint,
  keyType,
  onAccept,
  onReject,
}: {
  server: ServerView;
  fingerprint: string;
  keyType?: string;
  onAccept: () => void;
  onReject: () => void;
}) {
  const { t } = useI18n();
  const shortType = (keyType ?? 'ed25519').replace(/^ssh-/, '').replace(/^ecdsa-sha2-nistp\d+$/, 'ecdsa');
  return (
    <Dialog
      open
      title={t('srv.hostKey.title', { host: where(server) })}
      onClose={onReject}
      footer={
        <>
          <Button variant="ghost" onClick={onReject}>
            {t('srv.hostKey.reject')}
          </Button>
          <Button variant="primary" onClick={onAccept}>
            {t('srv.hostKey.accept')}
          </Button>
        </>
      }
    >
      <p>{t('srv.hostKey.intro')}</p>
      <dl className="hostkey-facts">
        {keyType ? (
          <>
            <dt>{t('srv.hostKey.type')}</dt>
            <dd>
              <code>{keyType}</code>
            </dd>
          </>
        ) : null}
        <dt>{t('srv.hostKey.fingerprint')}</dt>
        <dd>
          <code className="fingerprint" data-testid="hostkey-fingerprint">
            {fingerprint}
          </code>
        </dd>
      </dl>
      <p className="field-hint">
        <code>{t('srv.hostKey.command', { type: shortType })}</code>
      </p>
    </Dialog>
  );
}

/**
 * A changed key is refused: both fingerprints, what may be happening, and what to do. Forgetting the recorded
 * key sits behind a confirmation that restates the risk, and removes only the line with the key shown here.
 */
export function ChangedKeyPanel({
  server,
  result,
  onForgotten,
}: {
  server: ServerView;
  result: Extract<ConnectionTest, { ok: false }>;
  onForgotten: () => void;
}) {
  const { t } = useI18n();
  const notify = useToast();
  const [confirming, setConfirming] = useState(false);
  const recorded = result.recordedFingerprint;
  const forget = async () => {
    if (!recorded) return;
    setConfirming(false);
    try {
      const { removed } = await api.forgetHostKey({ id: server.id, fingerprint: recorded });
      notify(t('srv.forget.done', { count: removed }), removed > 0 ? 'success' : 'info');
      onForgotten();
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), 'error');
    }
  };
  return (
    <div className="hostkey-changed" role="alert">
      <h4 className="hostkey-changed-title">{t('srv.changed.title', { host: where(server) })}</h4>
      <p>{t('srv.changed.body')}</p>
      <dl className="hostkey-facts">
        <dt>{t('srv.changed.recorded')}</dt>
        <dd>
          <code className="fingerprint">{recorded ?? '—'}</code>
          {result.knownHostsPath && result.knownHostsLine ? (
            <span className="hostkey-where">
              {t('srv.changed.where', { path: result.knownHostsPath, line: result.knownHostsLine })}
            </span>
          ) : null}
        </dd>
        <dt>{t('srv.changed.presented')}</dt>
        <dd>
          <code className="fingerprint">
            {result.keyType ? `${result.keyType} ` : ''}
            {result.fingerprint ?? '—'}
          </code>
        </dd>
      </dl>
      <p>{t('srv.changed.todo')}</p>
      {recorded ? (
        <Button variant="danger" onClick={() => setConfirming(true)}>
          {t('srv.changed.forget')}
        </Button>
      ) : null}
      <Dialog
        open={confirming}
        title={t('srv.forget.title')}
        onClose={() => setConfirming(false)}
        footer={
          <>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              {t('srv.cancel')}
            </Button>
            <Button variant="danger" onClick={() => void forget()}>
              {t('srv.forget.confirm')}
            </Button>
          </>
        }
      >
        <p className="hostkey-risk">{t('srv.forget.body')}</p>
        <dl className="hostkey-facts">
          <dt>{t('srv.changed.presented')}</dt>
          <dd>
            <code className="fingerprint">{result.fingerprint ?? '—'}</code>
          </dd>
        </dl>
      </Dialog>
    </div>
  );
}
