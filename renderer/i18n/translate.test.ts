import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { DICTIONARIES, interpolate, resolveLanguage, systemLanguage, translate } from './translate';

describe('i18n', () => {
  it('defaults to French when the system language is French, English otherwise', () => {
    expect(systemLanguage('fr')).toBe('fr');
    expect(systemLanguage('fr-CA')).toBe('fr');
    expect(systemLanguage('FR-fr')).toBe('fr');
    expect(systemLanguage('en-US')).toBe('en');
    expect(systemLanguage('de-DE')).toBe('en');
    expect(systemLanguage(undefined)).toBe('en');
  });

  it('lets the setting override the system language', () => {
    expect(resolveLanguage('en', 'fr-FR')).toBe('en');
    expect(resolveLanguage('fr', 'en-GB')).toBe('fr');
    expect(resolveLanguage('auto', 'fr-FR')).toBe('fr');
    expect(resolveLanguage(undefined, 'es')).toBe('en');
  });

  it('translates with parameters', () => {
    expect(translate('fr', 'library.steps', { count: 4 })).toBe('4 étape(s)');
    expect(translate('en', 'search.none', { query: 'x' })).toBe('No results for “x”.');
    expect(interpolate('{a} and {missing}', { a: 1 })).toBe('1 and {missing}');
  });

  it('falls back to French for an untranslated (empty) entry, never to a blank', () => {
    const saved = DICTIONARIES.en['nav.history'];
    DICTIONARIES.en['nav.history'] = '';
    try {
      expect(translate('en', 'nav.history')).toBe('Historique');
    } finally {
      DICTIONARIES.en['nav.history'] = saved;
    }
  });

  it('has the same keys in both dictionaries and no empty entry', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const [key, text] of Object.entries(en)) expect(text, key).not.toBe('');
    // Role labels are the ones the product uses in French.
    expect([fr['role.app'], fr['role.db'], fr['role.web'], fr['role.backup']]).toEqual([
      'application',
      'base de données',
      'web & fichiers',
      'sauvegarde',
    ]);
  });
});
