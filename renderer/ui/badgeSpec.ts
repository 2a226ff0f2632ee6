/**
 * What a badge says and which colour class it takes, shared by the React <Badge> and by the HTML the
 * Markdown renderer builds for step cards, so both always look the same.
 */
import type { ServerRole, StepStatus } from '../api';
import type { MessageKey, Translate } from '../i18n';
import { escapeHtml } from '../library/markdown/escape';

export type BadgeKind = { role: ServerRole } | { status: StepStatus };

const ROLE_LABELS: Record<ServerRole, MessageKey> = {
  app: 'role.app',
  db: 'role.db',
  web: 'role.web',
  backup: 'role.backup',
};

const STATUS_LABELS: Record<StepStatus, MessageKey> = {
  pending: 'status.pending',
  running: 'status.running',
  succeeded: 'status.succeeded',
  failed: 'status.failed',
  skipped: 'status.skipped',
  interrupted: 'status.interrupted',
};

export interface BadgeSpec {
  className: string;
  label: string;
}

export function badgeSpec(kind: BadgeKind, t: Translate): BadgeSpec {
  if ('role' in kind) {
    return { className: `badge badge-role badge-role-${kind.role}`, label: t(ROLE_LABELS[kind.role]) };
  }
  return {
    className: `badge badge-status badge-status-${kind.status}`,
    label: t(STATUS_LABELS[kind.status]),
  };
}

export function roleBadgeHtml(role: ServerRole, t: Translate): string {
  const { className, label } = badgeSpec({ role }, t);
  return `<span class="${className}" data-role="${role}"><span class="badge-dot" aria-hidden="true"></span>${escapeHtml(label)}</span>`;
}
