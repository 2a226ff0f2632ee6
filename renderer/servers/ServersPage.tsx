import { useState } from 'react';
import { api, type ServerRole, type ServerView, type SshConfigHost } from '../api';
import { useLoad } from '../app/useLoad';
import { useI18n } from '../i18n';
import { ROLE_KEYS, ROLES } from './roles';
import { Badge, Button } from '../ui';
import { ServerCard } from './ServerCard';
import { ServerFormDialog } from './ServerFormDialog';
import { emptyForm, formFromSshHost, formOf, type ServerForm } from './serverForm';
import { SshImportDialog } from './SshImportDialog';
import { LoadStatus } from '../app/LoadStatus';
import './servers.css';

interface Editing {
  form: ServerForm;
  isNew: boolean;
  fromAlias?: string;
}

/** The inventory by role: one card per role, add/edit in a dialog, import from ~/.ssh/config. */
export function ServersPage() {
  const { t } = useI18n();
  const [servers, reload] = useLoad(() => api.listServers(), 'servers');
  const [editing, setEditing] = useState<Editing | undefined>();
  const [importRole, setImportRole] = useState<ServerRole | undefined>();

  const list = servers.status === 'ready' ? servers.value : [];
  const byRole = (role: ServerRole) => list.filter((s) => s.role === role);
  const startAdd = (role: ServerRole) =>
    setEditing({ form: emptyForm(role, t(ROLE_KEYS[role])), isNew: true });
  const startEdit = (server: ServerView) => setEditing({ form: formOf(server), isNew: false });
  const useSshHost = (role: ServerRole, host: SshConfigHost) => {
    const existing = byRole(role)[0];
    const base = existing ? formOf(existing) : emptyForm(role, '');
    setImportRole(undefined);
    setEditing({ form: formFromSshHost(host, base), isNew: !existing, fromAlias: host.alias });
  };

  return (
    <section className="page servers-page" aria-labelledby="servers-title">
      <header className="page-header servers-header">
        <div>
          <h1 id="servers-title" className="page-title">
            {t('servers.title')}
          </h1>
          <p className="page-intro">{t('srv.intro')}</p>
        </div>
        <Button onClick={() => setImportRole('app')}>{t('srv.importSsh')}</Button>
      </header>
      <LoadStatus
        load={servers}
        loadingText={t('srv.loading')}
        errorText={({ message }) => t('srv.error', { message })}
        retryText={t('srv.retry')}
        onRetry={reload}
      />
      {servers.status === 'ready' ? (
        <div className="server-roles">
          {ROLES.map((role) => (
            <section key={role} className="server-role" aria-labelledby={`role-${role}`}>
              <h2 id={`role-${role}`} className="server-role-title">
                <Badge role={role} />
              </h2>
              {byRole(role).map((server) => (
                <ServerCard key={server.id} server={server} onEdit={startEdit} onChanged={reload} />
              ))}
              {byRole(role).length === 0 ? (
                <div className="server-empty">
                  <p>{t('srv.notConfigured')}</p>
                  <div className="server-actions">
                    <Button variant="primary" onClick={() => startAdd(role)}>
                      {t('srv.add')}
                    </Button>
                    <Button variant="ghost" onClick={() => setImportRole(role)}>
                      {t('srv.importSsh')}
                    </Button>
                  </div>
                </div>
              ) : null}
            </section>
          ))}
        </div>
      ) : null}
      {editing ? (
        <ServerFormDialog
          key={`${editing.form.id}-${editing.fromAlias ?? ''}`}
          initial={editing.form}
          isNew={editing.isNew}
          fromAlias={editing.fromAlias}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
          }}
        />
      ) : null}
      {importRole ? (
        <SshImportDialog
          initialRole={importRole}
          onClose={() => setImportRole(undefined)}
          onPick={useSshHost}
        />
      ) : null}
    </section>
  );
}
