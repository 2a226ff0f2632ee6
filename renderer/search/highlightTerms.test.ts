import { describe, expect, it } from 'vitest';
import { highlightTerms, readableExcerpt } from './highlightTerms';

describe('highlightTerms', () => {
  it('marks every word of the query, ignoring case and accents', () => {
    expect(highlightTerms('Procédure de Déploiement : collectstatic', 'deploiement COLLECTSTATIC')).toEqual([
      { text: 'Procédure de ', match: false },
      { text: 'Déploiement', match: true },
      { text: ' : ', match: false },
      { text: 'collectstatic', match: true },
    ]);
  });

  it('ignores one-letter words and empty queries', () => {
    expect(highlightTerms('a b c', 'a')).toEqual([{ text: 'a b c', match: false }]);
    expect(highlightTerms('', 'x')).toEqual([]);
  });
});

describe('readableExcerpt', () => {
  it('drops Markdown marks but keeps placeholders and words', () => {
    expect(readableExcerpt('`collectstatic` écrit dans **STATIC_ROOT** de {{web_root}}')).toBe(
      'collectstatic écrit dans STATIC_ROOT de {{web_root}}',
    );
    expect(readableExcerpt('- [ ] Vérifier le DNS')).toBe('Vérifier le DNS');
    expect(readableExcerpt('> **Attention** : x')).toBe('Attention : x');
  });
});
