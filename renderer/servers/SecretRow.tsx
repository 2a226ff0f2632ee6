import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, type SecretKind, type ServerView } from '../api';
import { useI18n } from '../i18n';
import { Button, useToast } from '../ui';

interface Props {
  server: ServerView;
  kind: SecretKind;
  /** A key passphrase is only needed for an encrypted key. */
  optional?: boolean;
  /** The secret of the server's jump host (kept under the jump host's own keychain id). */
  jump?: boolean;
  onChanged: () => void;
}

const LABELS = {
  password: { own: 'srv.secret.password', jump: 'srv.secret.jumpPassword' },
  passphrase: { own: 'srv.secret.passphrase', jump: 'srv.secret.jumpPassphrase' },
} as const;

/**
 * A password or key passphrase: typed here, sent once to the keychain (setServerSecret), and never shown or
 * read back; the row only knows whether the keychain holds one (hasSecret). The input is cleared at once.
 */
export function SecretRow({ server, kind, optional, jump, onChanged }: Props) {
  const { t } = useI18n();
  const notify = useToast();
  const id = useId();
  const stored = (jump ? server.jumpHasSecret : server.hasSecret)?.[kind] ?? false;
  const target = { id: server.id, kind, ...(jump ? { jump: true as const } : {}) };
  // A missing password is needed to connect: its input is open. An optional passphrase waits for a click.
  const [editing, setEditing] = useState(!stored && !optional);
  // Opened by a click on "Enter…" or "Replace…": the focus goes to the input the engineer is about to type in
  // (it stayed on the page's body once). Not when the row opens by itself on a page load.
  const input = useRef<HTMLInputElement>(null);
  const [focusInput, setFocusInput] = useState(false);
  useEffect(() => {
    if (editing && focusInput) input.current?.focus();
  }, [editing, focusInput]);
  const open = () => {
    setEditing(true);
    setFocusInput(true);
  };
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const label = t(LABELS[kind][jump ? 'jump' : 'own']);

  /** One keychain call: busy while it runs, then `done`, or the error as a toast. */
  const act = async (call: () => Promise<unknown>, done: () => void) => {
    setBusy(true);
    try {
      await call();
      done();
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
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!value) return;
    await act(
      () => api.setServerSecret({ ...target, value }),
      () => {
        setValue('');
        setEditing(false);
        notify(t('srv.secret.saved'), 'success');
      },
    );
  };
  const forget = () =>
    act(
      () => api.forgetServerSecret(target),
      () => {
        setEditing(!optional);
        notify(t('srv.secret.forgotten'), 'info');
      },
    );

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
            ref={input}
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
          <Button size="sm" onClick={open}>
            {t('srv.secret.enter')}
          </Button>
        </span>
      ) : (
        <span className="secret-actions">
          <Button size="sm" onClick={open} disabled={busy}>
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
