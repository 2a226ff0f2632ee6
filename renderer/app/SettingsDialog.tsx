import { useEffect, useState } from 'react';
import { api, type AppInfo, type Language, type Theme } from '../api';
import { useI18n } from '../i18n';
import { useSettings } from '../settings/SettingsProvider';
import { Button, ChoiceField, Dialog, useToast } from '../ui';
import { SigningKeySection } from './SigningKeySection';

/** Theme and language, saved through the api so the choice survives restarts; the run signing key. */
export function SettingsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { settings, update } = useSettings();
  const notify = useToast();
  const [info, setInfo] = useState<AppInfo>();

  useEffect(() => {
    if (open && !info) api.appInfo().then(setInfo, () => undefined);
  }, [open, info]);

  const save = (patch: { theme?: Theme; language?: Language }) =>
    update(patch).catch((error: unknown) =>
      notify(
        t('settings.saveFailed', { message: error instanceof Error ? error.message : String(error) }),
        'error',
      ),
    );

  return (
    <Dialog
      open={open}
      title={t('settings.title')}
      onClose={onClose}
      footer={
        <>
          {info ? (
            <span className="dialog-footer-note">{t('settings.about', { version: info.version })}</span>
          ) : null}
          <Button variant="primary" onClick={onClose}>
            {t('dialog.close')}
          </Button>
        </>
      }
    >
      <ChoiceField<Theme>
        name="theme"
        label={t('settings.theme')}
        value={settings.theme}
        onChange={(theme) => void save({ theme })}
        options={[
          { value: 'system', label: t('settings.theme.system') },
          { value: 'light', label: t('settings.theme.light') },
          { value: 'dark', label: t('settings.theme.dark') },
        ]}
      />
      <ChoiceField<Language>
        name="language"
        label={t('settings.language')}
        value={settings.language}
        onChange={(language) => void save({ language })}
        options={[
          { value: 'auto', label: t('settings.language.auto') },
          { value: 'fr', label: t('settings.language.fr') },
          { value: 'en', label: t('settings.language.en') },
        ]}
      />
      <p className="dialog-note">{t('settings.note')}</p>
      {open ? <SigningKeySection /> : null}
    </Dialog>
  );
}
