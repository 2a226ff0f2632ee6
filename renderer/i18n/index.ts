export { I18nProvider, useI18n } from './I18nProvider';
export {
  type Language,
  type LanguagePreference,
  type Translate,
  resolveLanguage,
  systemLanguage,
} from './translate';
export type { MessageKey } from './fr';
