import { useState } from 'react';
import { api, type ConnectionTest, type ServerView } from '../api';
import { formatRoute } from '../app/routes';
import { useI18n } from '../i18n';
import { Button, Dialog, useToast } from '../ui';
import { ChangedKeyPanel, RevokedKeyPanel, UnknownKeyDialog } from './HostKeyDialogs';
import { SecretRow } from './SecretRow';

interface Props {
  server: ServerView;
  onEdit: (server: ServerView) => void;
  onChanged: () => void;
}

type Test = { status: 'idle' } | { status: 'testing' } | { status: 'done'; result: ConnectionTest };

function addressOf(s: { user: string; host: string; port: number }): string {
  return `${s.user}@${s.host}${s.port === 22 ? '' : `:${s.port}`}`;
}

/** One configured server: what it is, its keychain entries, and "test the connection". */
export function ServerCard({ server, onEdit, onChanged }: Props) {
  const { t } = useI18n();
  const notify = useToast();
  const [test, setTest] = useState<Test>({ status: 'idle' });
  const [unknownKey, setUnknownKey] = useState<
    { fingerprint: string; keyType?: string; certAuthority?: string } | undefined
  >();
  const [confirmRemove, setConfirmRemove] = useState(false);

  const runTest = async (acceptFingerprint?: string) => {
    setTest({ status: 'testing' });
    try {
      const result = await api.testConnection(
        acceptFingerprint ? { id: server.id, acceptFingerprint } : { id: server.id },
      );
      setTest({ status: 'done', result });
      if (!result.ok && result.code === 'host-key-unknown' && result.fingerprint && !acceptFingerprint)
        setUnknownKey({
          fingerprint: result.fingerprint,
          keyType: result.keyType,
          certAuthority: result.certAuthority,
        });
    } catch (error) {
      setTest({
        status: 'done',
        result: { ok: false, code: 'error', message: error instanceof Error ? error.message : String(error) },
      });
    }
  };

  const remove = async () => {
    setConfirmRemove(false);
    try {
      await api.removeServer({ id: server.id });
      notify(t('srv.removed'), 'success');
      onChanged();
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), 'error');
    }
  };

  const auth =
    server.auth.method === 'key'
      ? `${t('srv.auth.key')} · ${server.auth.keyPath}`
      : t(server.auth.method === 'agent' ? 'srv.auth.agent' : 'srv.auth.password');
  const result = test.status === 'done' ? test.result : undefined;

  return (
    <article className="server-card" aria-label={server.label}>
      <header className="server-card-header">
        <h3 className="server-card-title">{server.label}</h3>
        <code className="server-card-address">{addressOf(server)}</code>
      </header>
      <dl className="server-facts">
        <dt>{t('srv.auth')}</dt>
        <dd>{auth}</dd>
        <dt>{t('srv.jump')}</dt>
        <dd>{server.jump ? <code>{addressOf(server.jump)}</code> : t('srv.noJump')}</dd>
      </dl>
      {server.auth.method === 'password' ? (
        <SecretRow server={server} kind="password" onChanged={onChanged} />
      ) : null}
      {server.auth.method === 'key' ? (
        <SecretRow server={server} kind="passphrase" optional onChanged={onChanged} />
      ) : null}
      {server.jump?.auth.method === 'password' ? (
        <SecretRow server={server} kind="password" jump onChanged={onChanged} />
      ) : null}
      {server.jump?.auth.method === 'key' ? (
        <SecretRow server={server} kind="passphrase" optional jump onChanged={onChanged} />
      ) : null}
      <div className="server-actions">
        <Button variant="primary" onClick={() => void runTest()} disabled={test.status === 'testing'}>
          {test.status === 'testing' ? t('srv.testing') : t('srv.test')}
        </Button>
        <Button onClick={() => onEdit(server)}>{t('srv.edit')}</Button>
        <a className="btn btn-secondary btn-md" href={formatRoute({ view: 'terminal', serverId: server.id })}>
          {t('srv.terminal')}
        </a>
        <Button variant="ghost" onClick={() => setConfirmRemove(true)}>
          {t('srv.remove')}
        </Button>
      </div>
      <div aria-live="polite">
        {result?.ok ? (
          <p className="server-test server-test-ok">
            {result.hostKeyAccepted && result.fingerprint
              ? t('srv.test.okAccepted', { fingerprint: result.fingerprint })
              : t('srv.test.ok')}
          </p>
        ) : null}
        {result && !result.ok && result.code === 'host-key-changed' ? (
          <ChangedKeyPanel server={server} result={result} onForgotten={() => setTest({ status: 'idle' })} />
        ) : null}
        {result && !result.ok && result.code === 'host-key-revoked' ? (
          <RevokedKeyPanel server={server} result={result} />
        ) : null}
        {result &&
        !result.ok &&
        result.code !== 'host-key-changed' &&
        result.code !== 'host-key-revoked' &&
        !unknownKey ? (
          <p className="server-test server-test-bad" role="alert">
            {t('srv.test.failed', { message: result.message })}
          </p>
        ) : null}
      </div>
      {unknownKey ? (
        <UnknownKeyDialog
          server={server}
          fingerprint={unknownKey.fingerprint}
          keyType={unknownKey.keyType}
          certAuthority={unknownKey.certAuthority}
          onAccept={() => {
            setUnknownKey(undefined);
            void runTest(unknownKey.fingerprint);
          }}
          onReject={() => {
            setUnknownKey(undefined);
            setTest({ status: 'idle' });
          }}
        />
      ) : null}
      <Dialog
        open={confirmRemove}
        title={t('srv.removeTitle', { label: server.label })}
        onClose={() => setConfirmRemove(false)}
        footer={
          <>
            <Button variant="ghost" onClick={() => setConfirmRemove(false)}>
              {t('srv.cancel')}
            </Button>
            <Button variant="danger" onClick={() => void remove()}>
              {t('srv.removeConfirm')}
            </Button>
          </>
        }
      >
        <p>{t('srv.removeBody')}</p>
      </Dialog>
    </article>
  );
}
