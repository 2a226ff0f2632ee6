import { api } from '../api';
import { useI18n } from '../i18n';
import { Button, useToast } from '../ui';
import { useLoad } from './useLoad';

/**
 * The per-install run signing key (docs/run-records.md): only its public half ever reaches the UI. The
 * allowed_signers line is what an auditor keeps, outside the data dir, to check records with ssh-keygen.
 */
export function SigningKeySection() {
  const { t } = useI18n();
  const notify = useToast();
  const [key] = useLoad(() => api.signingKey(), 'signing-key');
  return (
    <section className="settings-signing" aria-labelledby="settings-signing-title">
      <h3 id="settings-signing-title">{t('settings.signing')}</h3>
      {key.status === 'loading' ? <p>{t('settings.signing.loading')}</p> : null}
      {key.status === 'error' ? (
        <p role="alert">{t('settings.signing.error', { message: key.message })}</p>
      ) : null}
      {key.status === 'ready' ? (
        <>
          <p className="dialog-note">{t('settings.signing.intro')}</p>
          <pre className="settings-signing-line" data-testid="allowed-signers-line">
            {key.value.allowedSignersLine}
          </pre>
          <p className="dialog-note">
            {t('settings.signing.fingerprint', { fingerprint: key.value.fingerprint })}
          </p>
          <p className="dialog-note">{t('settings.signing.command')}</p>
          <pre className="settings-signing-line">
            {`ssh-keygen -Y verify -f allowed_signers -I ${key.value.principal} -n ${key.value.namespace} -s seal.json.sig < seal.json`}
          </pre>
          <Button
            onClick={() =>
              void navigator.clipboard
                ?.writeText(key.value.allowedSignersLine)
                .then(() => notify(t('settings.signing.copied'), 'success'))
            }
          >
            {t('settings.signing.copy')}
          </Button>
        </>
      ) : null}
    </section>
  );
}
