import type { ServerRole } from '../api';
import type { MessageKey } from '../i18n';

/** The dossier's four server roles, in the order the Servers view shows them. */
export const ROLES: readonly ServerRole[] = ['app', 'db', 'web', 'backup'];

export const ROLE_KEYS: Record<ServerRole, MessageKey> = {
  app: 'role.app',
  db: 'role.db',
  web: 'role.web',
  backup: 'role.backup',
};
