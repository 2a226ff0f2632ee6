import { describe, expect, it } from 'vitest';
import { makeTranslator } from '../i18n/translate';
import { runReasonText, skipReasonText } from './recordedText';

const fr = makeTranslator('fr');
const en = makeTranslator('en');

describe('the engine’s recorded sentences in the UI’s language', () => {
  it('translates the skip reasons the engine writes, and keeps an engineer’s own', () => {
    expect(skipReasonText(fr, 'already done: its unless command succeeded', 'unless')).toBe(
      'déjà fait : sa commande unless a réussi',
    );
    expect(skipReasonText(fr, '--only', 'operator')).toBe('hors de la sélection --only');
    expect(skipReasonText(fr, 'export inutile sur le labo', 'operator')).toBe('export inutile sur le labo');
    expect(skipReasonText(en, 'already done: its unless command succeeded', 'unless')).toBe(
      'already done: its unless command succeeded',
    );
  });

  it('translates why a run ended early, naming who or which step', () => {
    expect(runReasonText(fr, 'aborted by root')).toBe('abandonnée par root');
    expect(runReasonText(fr, 'stopped before the end')).toBe('arrêtée avant la fin');
    expect(runReasonText(fr, 'stopped after step start, as asked (--to start)')).toBe(
      'arrêtée après l’étape start, comme demandé (--to start)',
    );
    expect(runReasonText(fr, 'maintenance reportée')).toBe('maintenance reportée');
  });
});
