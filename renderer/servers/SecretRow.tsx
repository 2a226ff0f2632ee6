import { useId, useState, type FormEvent } from 'react';
import { api, type SecretKind, type ServerView } from '../api';
import { useI18n } from '../i18n';
import { Button, useToast } from '../ui';

interface Props {
  server: ServerView;
  kind: SecretKind;
  /** A key passphrase is only needed for an encrypted key. */
  optional?: boolean;
  onChanged: () => void;
}

/**
 * A password or key passphrase: typed here, sent once to the keychain (setServerSecret), and never shown or
 * read back; the row only knows whether the keychain holds one (hasSecret). The input is cleared at once.
 */
export function SecretRow({ server, kind, optional, onChanged }: Props) {
  const { t } = useI18n();
  const notify = useToast();
  const id = useId();
  const stored = server.hasSecret[kind];
  // A missing password is needed to connect: its input is open. An optional passphrase waits for a click.
  const [editing, setEditing] = useState(!stored && !optional);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const label = t(kind === 'password' ? 'srv.secret.password' : 'srv.secret.passphrase');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!value) return;
    setBusy(true);
    try {
      await api.setServerSecret({ id: server.id, kind, value });
      setValue('');
      setEditing(false);
      notify(t('srv.secret.saved'), 'success');
      onChanged();
    } catch (error) {
      notify(
        t('srv.secret.failed', { message: error instanceof Error ? error.message : String(error) }),
        'error',
      );
    } finally {
      setBusy(false);
    }
  };
  const forget = async () => {
    setBusy(true);
    try {
      await api.forgetServerSecret({ id: server.id, kind });
      setEditing(!optional);
      notify(t('srv.secret.forgotten'), 'info');
      onChanged();
    } catch (error) {
      notify(
        t('srv.secret.failed', { message: error instanceof Error ? error.message : String(error) }),
        'error',
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="secret-row">
      <span className="secret-label" id={`${id}-label`}>
        {label}
      </span>
      <span className={`secret-state ${stored ? 'is-stored' : 'is-missing'}`}>
        <span aria-hidden="true">{stored ? '🔒' : '○'}</span>{' '}
        {stored ? t('srv.secret.stored') : optional ? t('srv.secret.optional') : t('srv.secret.missing')}
      </span>
      {editing ? (
        <form className="secret-form" onSubmit={save}>
          <input
            className="field-input"
            type="password"
            autoComplete="new-password"
            aria-labelledby={`${id}-label`}
            placeholder={t('srv.secret.placeholder')}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <Button type="submit" size="sm" variant="primary" disabled={busy || !value}>
            {t('srv.secret.set')}
          </Button>
          {stored || optional ? (
            <Button size="sm" variant="ghost" onClick={() => (setEditing(false), setValue(''))}>
              {t('srv.cancel')}
            </Button>
          ) : null}
        </form>
      ) : !stored ? (
        <span className="secret-actions">
          <Button size="sm" onClick={() => setEditing(true)}>
            {t('srv.secret.enter')}
          </Button>
        </span>
      ) : (
        <span className="secret-actions">
          <Button size="sm" onClick={() => setEditing(true)} disabled={busy}>
            {t('srv.secret.replace')}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => void forget()} disabled={busy}>
            {t('srv.secret.forget')}
          </Button>
        </span>
      )}
    </div>
  );
}
