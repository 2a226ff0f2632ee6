import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { makeTranslator, type Language, type Translate } from './translate';

interface I18n {
  language: Language;
  t: Translate;
}

const I18nContext = createContext<I18n>({ language: 'fr', t: makeTranslator('fr') });

/** Provides the UI language chosen by the settings (see settings/SettingsProvider). */
export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo(() => ({ language, t: makeTranslator(language) }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
