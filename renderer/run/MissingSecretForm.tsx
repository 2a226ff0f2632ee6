import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { MissingSecret } from '../api';
import { useI18n } from '../i18n';
import { Button } from '../ui';

interface Props {
  secret: MissingSecret;
  busy: boolean;
  /** Stores the value in the keychain (setServerSecret), then runs the step again. */
  onSubmit: (value: string) => Promise<void>;
}

/**
 * Asked in the run itself when a step could not connect because the keychain lacks a password or a key
 * passphrase: typed once, stored in the keychain (never in the run's record), and the step is retried. The
 * engineer no longer has to leave the run for the Servers view at the worst moment.
 */
export function MissingSecretForm({ secret, busy, onSubmit }: Props) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  useEffect(() => input.current?.focus(), []);
  const label = t(
    secret.kind === 'password'
      ? secret.jump
        ? 'run.missingSecret.jumpPassword'
        : 'run.missingSecret.password'
      : secret.jump
        ? 'run.missingSecret.jumpPassphrase'
        : 'run.missingSecret.passphrase',
    { server: secret.label },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!value) return;
    void onSubmit(value).then(() => setValue(''));
  };
  return (
    <form className="run-missing-secret" onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        className="field-input"
        type="password"
        autoComplete="off"
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
      <Button type="submit" size="sm" variant="primary" disabled={busy || !value}>
        {t('run.missingSecret.save')}
      </Button>
    </form>
  );
}
