import type { SearchHit } from '../api';
import { SearchBox } from '../search/SearchBox';
import { useSettings } from '../settings/SettingsProvider';
import { useI18n } from '../i18n';

/** The top bar: search across every runbook, and the current theme/language at a glance. */
export function Header({
  onOpenHit,
  onOpenSettings,
}: {
  onOpenHit: (hit: SearchHit) => void;
  onOpenSettings: () => void;
}) {
  const { t, language } = useI18n();
  const { theme } = useSettings();
  return (
    <header className="app-header">
      <SearchBox onOpen={onOpenHit} />
      <button
        type="button"
        className="header-chip"
        onClick={onOpenSettings}
        aria-label={`${t('nav.settings')} (${language.toUpperCase()}, ${t(theme === 'dark' ? 'settings.theme.dark' : 'settings.theme.light')})`}
      >
        <span>{language.toUpperCase()}</span>
        <span className={`header-theme-dot header-theme-${theme}`} aria-hidden="true" />
      </button>
    </header>
  );
}
