import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type Settings } from '../api';
import { I18nProvider, resolveLanguage, type Language } from '../i18n';
import { applyTheme, DARK_QUERY, resolveTheme, type ResolvedTheme } from './theme';

interface SettingsState {
  settings: Settings;
  language: Language;
  theme: ResolvedTheme;
  /** Saves through the api (persisted by the backend) and applies at once. */
  update: (patch: Partial<Settings>) => Promise<void>;
}

const DEFAULTS: Settings = { language: 'auto', theme: 'system' };

const SettingsContext = createContext<SettingsState | undefined>(undefined);

function useSystemDark(): boolean {
  const [dark, setDark] = useState(() => window.matchMedia(DARK_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(DARK_QUERY);
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return dark;
}

/**
 * Loads the settings from the backend, applies the theme to <html> and provides the UI language. Until
 * they arrive (or if the backend cannot be reached) the system's theme and language are used.
 */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<Settings>(DEFAULTS);
  const systemDark = useSystemDark();

  useEffect(() => {
    let live = true;
    api.getSettings().then(
      (loaded) => live && setSettings(loaded),
      () => undefined, // the views report an unreachable backend; the defaults are fine meanwhile
    );
    return () => {
      live = false;
    };
  }, []);

  const theme = resolveTheme(settings.theme, systemDark);
  const language = resolveLanguage(settings.language, navigator.language);

  useEffect(() => applyTheme(document.documentElement, theme, settings.theme), [theme, settings.theme]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const update = useCallback(async (patch: Partial<Settings>) => {
    setSettings((current) => ({ ...current, ...patch })); // apply at once; the saved copy follows
    setSettings(await api.setSettings(patch));
  }, []);

  const value = useMemo(() => ({ settings, language, theme, update }), [settings, language, theme, update]);
  return (
    <SettingsContext.Provider value={value}>
      <I18nProvider language={language}>{children}</I18nProvider>
    </SettingsContext.Provider>
  );
}

export function useSettings(): SettingsState {
  const state = useContext(SettingsContext);
  if (!state) throw new Error('useSettings outside SettingsProvider');
  return state;
}
