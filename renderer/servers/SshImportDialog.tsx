import { useState } from 'react';
import { api, type ServerRole, type SshConfigHost } from '../api';
import { useLoad } from '../app/useLoad';
import { useI18n } from '../i18n';
import { Button, ChoiceField, Dialog } from '../ui';
import { ROLE_KEYS, ROLES } from './roles';

/** The hosts of ~/.ssh/config (read by the backend); picking one fills the server form for the chosen role. */
export function SshImportDialog({
  initialRole,
  onClose,
  onPick,
}: {
  initialRole: ServerRole;
  onClose: () => void;
  onPick: (role: ServerRole, host: SshConfigHost) => void;
}) {
  const { t } = useI18n();
  const [role, setRole] = useState(initialRole);
  const [config] = useLoad(() => api.importSshConfig(), 'ssh-config');
  const roleLabel = t(ROLE_KEYS[role]);
  return (
    <Dialog
      open
      title={t('srv.ssh.title')}
      onClose={onClose}
      footer={
        <Button variant="ghost" onClick={onClose}>
          {t('srv.cancel')}
        </Button>
      }
    >
      <ChoiceField
        name="ssh-role"
        label={t('srv.ssh.role')}
        value={role}
        options={ROLES.map((r) => ({ value: r, label: t(ROLE_KEYS[r]) }))}
        onChange={setRole}
      />
      {config.status === 'loading' ? <p className="page-status">{t('srv.ssh.loading')}</p> : null}
      {config.status === 'error' ? (
        <p className="field-error" role="alert">
          {config.message}
        </p>
      ) : null}
      {config.status === 'ready' ? (
        <>
          {!config.value.found ? (
            <p className="page-status">{t('srv.ssh.missing', { path: config.value.path })}</p>
          ) : null}
          {config.value.found && config.value.hosts.length === 0 ? (
            <p className="page-status">{t('srv.ssh.none', { path: config.value.path })}</p>
          ) : null}
          {config.value.hosts.length > 0 ? <p className="field-hint">{t('srv.ssh.intro')}</p> : null}
          <ul className="ssh-hosts">
            {config.value.hosts.map((host) => (
              <li key={host.alias} className="ssh-host">
                <div className="ssh-host-main">
                  <strong>{host.alias}</strong>
                  <code>
                    {host.user ?? '?'}@{host.host}:{host.port}
                  </code>
                  <span className="ssh-host-meta">
                    {host.user ? null : <span>{t('srv.ssh.noUser')}</span>}
                    {host.identityFile ? <span>{t('srv.keyFile', { path: host.identityFile })}</span> : null}
                    {host.jump ? <span>{t('srv.ssh.via', { jump: host.jump.alias })}</span> : null}
                  </span>
                  {host.warnings.map((w) => (
                    <span key={w} className="ssh-host-warning">
                      {w}
                    </span>
                  ))}
                </div>
                <Button size="sm" onClick={() => onPick(role, host)}>
                  {t('srv.ssh.use', { role: roleLabel })}
                </Button>
              </li>
            ))}
          </ul>
          {config.value.notes.length > 0 ? (
            <details className="ssh-notes">
              <summary>{t('srv.ssh.notes')}</summary>
              <ul>
                {config.value.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : null}
    </Dialog>
  );
}
