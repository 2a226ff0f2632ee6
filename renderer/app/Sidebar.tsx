import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { useRovingList } from '../ui';
import { BookIcon, HistoryIcon, LogoMark, ServerIcon, SettingsIcon } from './icons';
import { formatRoute, type Route } from './routes';

interface SidebarProps {
  current: 'procedures' | 'servers' | 'history' | undefined;
  onOpenSettings: () => void;
}

const ENTRIES: Array<{
  id: 'procedures' | 'servers' | 'history';
  label: MessageKey;
  icon: ReactNode;
  route: Route;
}> = [
  { id: 'procedures', label: 'nav.procedures', icon: <BookIcon />, route: { view: 'procedures' } },
  { id: 'servers', label: 'nav.servers', icon: <ServerIcon />, route: { view: 'servers' } },
  { id: 'history', label: 'nav.history', icon: <HistoryIcon />, route: { view: 'history' } },
];

/** The app's main navigation; arrow keys move between entries. */
export function Sidebar({ current, onOpenSettings }: SidebarProps) {
  const { t } = useI18n();
  const onKeyDown = useRovingList<HTMLUListElement>();
  return (
    <aside className="sidebar">
      <div className="sidebar-brand">
        <LogoMark />
        <div className="sidebar-brand-text">
          <span className="sidebar-app">{t('app.name')}</span>
          <span className="sidebar-tagline">{t('app.tagline')}</span>
        </div>
      </div>
      <nav aria-label={t('nav.label')} className="sidebar-nav">
        <ul onKeyDown={onKeyDown}>
          {ENTRIES.map((entry) => (
            <li key={entry.id}>
              <a
                href={formatRoute(entry.route)}
                className={`sidebar-link${current === entry.id ? ' is-current' : ''}`}
                aria-current={current === entry.id ? 'page' : undefined}
                data-roving-item
              >
                <span className="sidebar-icon">{entry.icon}</span>
                {t(entry.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-footer">
        <button type="button" className="sidebar-link sidebar-settings" onClick={onOpenSettings}>
          <span className="sidebar-icon">
            <SettingsIcon />
          </span>
          {t('nav.settings')}
        </button>
        <p className="sidebar-offline">
          <span className="sidebar-offline-dot" aria-hidden="true" />
          {t('nav.offline')}
        </p>
      </div>
    </aside>
  );
}
