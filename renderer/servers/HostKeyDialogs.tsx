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
  certAuthority,
  onAccept,
  onReject,
}: {
  server: ServerView;
  fingerprint: string;
  keyType?: string;
  /** "file:line" of a @cert-authority known_hosts has for the host, which the app cannot use. */
  certAuthority?: string | undefined;
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
      {certAuthority ? (
        <p className="field-hint">{t('srv.trust.certAuthority', { where: certAuthority })}</p>
      ) : null}
    </Dialog>
  );
}

/**
 * A changed key is refused: both fingerprints, what may be happening, and what to do. There is no accept here,
 * on purpose. Forgetting the recorded key sits behind a confirmation that restates the risk, and removes only
 * the line with the key shown here; when that line is in the engineer's OpenSSH known_hosts (read only for the
 * app), the panel gives the ssh-keygen command instead.
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
          <code className="fingerprint" data-testid="hostkey-recorded">
            {result.recordedKeyType ? `${result.recordedKeyType} ` : ''}
            {recorded ?? '—'}
          </code>
          {result.knownHostsPath && result.knownHostsLine ? (
            <span className="hostkey-where">
              {t('srv.changed.where', { path: result.knownHostsPath, line: result.knownHostsLine })}
            </span>
          ) : null}
        </dd>
        <dt>{t('srv.changed.presented')}</dt>
        <dd>
          <code className="fingerprint" data-testid="hostkey-presented">
            {result.keyType ? `${result.keyType} ` : ''}
            {result.fingerprint ?? '—'}
          </code>
        </dd>
      </dl>
      {result.recordedKeyType && result.keyType && result.recordedKeyType !== result.keyType ? (
        <p>{t('srv.trust.otherType', { recordedType: result.recordedKeyType, keyType: result.keyType })}</p>
      ) : null}
      <p>{t('srv.changed.todo')}</p>
      {result.recordedReadOnly ? (
        <p>
          {t('srv.trust.readOnly')}{' '}
          <code>
            ssh-keygen -R &apos;{where(server)}&apos; -f {result.knownHostsPath ?? '~/.ssh/known_hosts'}
          </code>
        </p>
      ) : null}
      {recorded && !result.recordedReadOnly ? (
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

/** A revoked key is refused and can never be accepted or forgotten from here: one fingerprint, where it is revoked. */
export function RevokedKeyPanel({
  server,
  result,
}: {
  server: ServerView;
  result: Extract<ConnectionTest, { ok: false }>;
}) {
  const { t } = useI18n();
  return (
    <div className="hostkey-changed" role="alert">
      <h4 className="hostkey-changed-title">{t('srv.trust.revokedTitle', { host: where(server) })}</h4>
      <p>{t('srv.trust.revokedBody')}</p>
      <dl className="hostkey-facts">
        <dt>{t('srv.trust.revokedPresented')}</dt>
        <dd>
          <code className="fingerprint" data-testid="hostkey-presented">
            {result.keyType ? `${result.keyType} ` : ''}
            {result.fingerprint ?? '—'}
          </code>
          {result.knownHostsPath && result.knownHostsLine ? (
            <span className="hostkey-where">
              {t('srv.trust.revokedWhere', { path: result.knownHostsPath, line: result.knownHostsLine })}
            </span>
          ) : null}
        </dd>
      </dl>
    </div>
  );
}
