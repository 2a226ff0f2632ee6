/**
 * Pure i18n logic: choosing the UI language and looking up a message. No React, so it is unit-tested directly.
 */
import { en } from './en';
import { fr, type Dictionary, type MessageKey } from './fr';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The setting (contract Settings.language): follow the system, or force a language. */
export type LanguagePreference = Language | 'auto';

export const DICTIONARIES: Record<Language, Dictionary> = { fr, en };

/** French when the browser/OS language is French (fr, fr-FR, fr-CA…), English otherwise. */
export function systemLanguage(navigatorLanguage: string | undefined): Language {
  return navigatorLanguage?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function resolveLanguage(
  preference: LanguagePreference | undefined,
  navigatorLanguage: string | undefined,
) {
  return preference === 'fr' || preference === 'en' ? preference : systemLanguage(navigatorLanguage);
}

export type Params = Record<string, string | number>;

/** "{count} step(s)" + {count: 3} -> "3 step(s)". An unknown {name} stays visible, so a mistake shows. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/**
 * Looks a key up in the chosen dictionary. The types make a missing key impossible at compile time, but a
 * dictionary can still hold an empty string (an untranslated entry); then the French text is shown, and
 * as a last resort the key itself, never a blank.
 */
export function translate(language: Language, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[language][key] || fr[key] || key;
  return interpolate(text, params);
}

export type Translate = (key: MessageKey, params?: Params) => string;

export function makeTranslator(language: Language): Translate {
  return (key, params) => translate(language, key, params);
}
