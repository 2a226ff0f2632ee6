import { useState, type FormEvent } from 'react';
import { api, ApiError, transportKind } from '../api';
import { useI18n } from '../i18n';
import { Button, ChoiceField, Dialog, Field, useToast } from '../ui';
import {
  fieldErrorsOf,
  portProblems,
  toServerInput,
  type AuthMethod,
  type FormField,
  type ServerForm,
} from './serverForm';
import { ROLE_KEYS } from './roles';

interface Props {
  initial: ServerForm;
  isNew: boolean;
  fromAlias?: string;
  onClose: () => void;
  onSaved: () => void;
}

/** Add or edit one server. Errors come from the backend (the inventory schema) and show beside their field. */
export function ServerFormDialog({ initial, isNew, fromAlias, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const notify = useToast();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [other, setOther] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof ServerForm>(key: K, value: ServerForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (key in errors) setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const text = (key: FormField) => ({
    value: form[key] as string,
    error: errors[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });
  const authOptions: Array<{ value: AuthMethod; label: string }> = [
    { value: 'agent', label: t('srv.auth.agent') },
    { value: 'key', label: t('srv.auth.key') },
    { value: 'password', label: t('srv.auth.password') },
  ];
  // The server and its jump host offer the same methods: each secret has its own row on the server card.
  const authChoice = (key: 'auth' | 'jumpAuth') => ({
    value: form[key],
    options: authOptions,
    onChange: (v: AuthMethod) => set(key, v),
  });

  // The desktop app can show the system's file picker; a browser page cannot learn a file's path.
  const browseKey = (key: 'keyPath' | 'jumpKeyPath') =>
    transportKind() === 'electron' ? (
      <Button
        className="server-form-browse"
        size="sm"
        onClick={() =>
          void api
            .chooseKeyFile()
            .then(({ path }) => path && set(key, path))
            .catch((error: Error) => notify(error.message, 'error'))
        }
      >
        {t('srv.form.browseKey')}
      </Button>
    ) : null;

  const focusFirstError = () =>
    window.setTimeout(() => document.querySelector<HTMLInputElement>('.server-form [aria-invalid]')?.focus());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Said in words here, before the backend's own (English) schema message could be.
    const badPorts = portProblems(form);
    if (badPorts.length > 0) {
      setErrors(Object.fromEntries(badPorts.map((field) => [field, t('srv.form.portRange')])));
      setOther([]);
      focusFirstError();
      return;
    }
    setSaving(true);
    try {
      await api.upsertServer({ server: toServerInput(form) });
      notify(t('srv.form.saved'), 'success');
      onSaved();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof ApiError && error.code === 'invalid-input') {
        const found = fieldErrorsOf(message);
        setErrors(found.fields);
        setOther(found.other);
        // Focus the first field in error, so the keyboard user lands where the problem is.
        focusFirstError();
      } else {
        setErrors({});
        setOther([message]);
      }
    } finally {
      setSaving(false);
    }
  };

  const title = t(isNew ? 'srv.form.addTitle' : 'srv.form.editTitle', { role: t(ROLE_KEYS[form.role]) });
  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t('srv.cancel')}
          </Button>
          <Button variant="primary" type="submit" form="server-form" disabled={saving}>
            {t('srv.form.save')}
          </Button>
        </>
      }
    >
      <form id="server-form" className="server-form" onSubmit={submit} noValidate>
        {fromAlias ? <p className="server-form-note">{t('srv.form.fromSsh', { alias: fromAlias })}</p> : null}
        {other.length > 0 ? (
          <div className="server-form-errors" role="alert">
            {other.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
        ) : null}
        <Field label={t('srv.form.label')} {...text('label')} autoComplete="off" />
        <div className="server-form-row">
          <Field
            className="grow"
            label={t('srv.form.host')}
            hint={t('srv.form.hostHint')}
            {...text('host')}
            spellCheck={false}
            autoComplete="off"
          />
          <Field className="port" label={t('srv.form.port')} inputMode="numeric" {...text('port')} />
        </div>
        <Field label={t('srv.form.user')} {...text('user')} spellCheck={false} autoComplete="off" />
        <ChoiceField name="auth" label={t('srv.form.auth')} {...authChoice('auth')} />
        {errors.auth ? <p className="field-error">{errors.auth}</p> : null}
        {form.auth === 'key' ? (
          <div className="server-form-row">
            <Field
              className="grow"
              label={t('srv.form.keyPath')}
              hint={t('srv.form.keyPathHint')}
              {...text('keyPath')}
              spellCheck={false}
            />
            {browseKey('keyPath')}
          </div>
        ) : null}
        <label className="server-form-check">
          <input type="checkbox" checked={form.useJump} onChange={(e) => set('useJump', e.target.checked)} />
          {t('srv.form.useJump')}
        </label>
        {form.useJump ? (
          <fieldset className="server-form-jump">
            <legend className="visually-hidden">{t('srv.jump')}</legend>
            <div className="server-form-row">
              <Field
                className="grow"
                label={t('srv.form.jumpHost')}
                {...text('jumpHost')}
                spellCheck={false}
              />
              <Field
                className="port"
                label={t('srv.form.jumpPort')}
                inputMode="numeric"
                {...text('jumpPort')}
              />
            </div>
            <Field label={t('srv.form.jumpUser')} {...text('jumpUser')} spellCheck={false} />
            <ChoiceField name="jump-auth" label={t('srv.form.jumpAuth')} {...authChoice('jumpAuth')} />
            {form.jumpAuth === 'key' ? (
              <div className="server-form-row">
                <Field
                  className="grow"
                  label={t('srv.form.jumpKeyPath')}
                  {...text('jumpKeyPath')}
                  spellCheck={false}
                />
                {browseKey('jumpKeyPath')}
              </div>
            ) : null}
          </fieldset>
        ) : null}
        {form.auth !== 'agent' || (form.useJump && form.jumpAuth !== 'agent') ? (
          <p className="field-hint">{t('srv.form.secretNote')}</p>
        ) : null}
      </form>
    </Dialog>
  );
}
