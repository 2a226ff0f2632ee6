import Conf from 'conf';
import { z } from 'zod';
import type { Settings } from '../contract/types';

/** The name conf gives the file: <dataDir>/settings.json (data-dir.ts settingsPath). No secret ever goes here. */
export const SETTINGS_CONFIG_NAME = 'settings';

export const DEFAULT_SETTINGS: Settings = { language: 'auto', theme: 'system' };

const fields = {
  language: z.enum(['auto', 'fr', 'en']),
  theme: z.enum(['system', 'light', 'dark']),
} as const;

/**
 * The UI settings, persisted with conf in the data dir shared by the app, the browser mode and the CLI.
 * A field someone broke by hand falls back to its default (and is rewritten on the next save) rather than
 * stopping the app: nothing in here is worth refusing to start for.
 */
export class SettingsStore {
  private readonly conf: Conf<Record<string, unknown>>;

  constructor(dataDir: string) {
    this.conf = new Conf<Record<string, unknown>>({
      cwd: dataDir,
      configName: SETTINGS_CONFIG_NAME,
      projectName: 'oc-pizzas-runbook',
      accessPropertiesByDotNotation: false,
      // Unparsable JSON is replaced by the defaults: settings are not worth refusing to start for.
      clearInvalidConfig: true,
    });
  }

  get path(): string {
    return this.conf.path;
  }

  get(): Settings {
    const language = fields.language.safeParse(this.conf.get('language'));
    const theme = fields.theme.safeParse(this.conf.get('theme'));
    return {
      language: language.success ? language.data : DEFAULT_SETTINGS.language,
      theme: theme.success ? theme.data : DEFAULT_SETTINGS.theme,
    };
  }

  /** Merges validated fields (the contract's schema checked them) and returns the whole settings. */
  set(patch: Partial<Settings>): Settings {
    const next = {
      ...this.get(),
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    this.conf.set('language', next.language);
    this.conf.set('theme', next.theme);
    return next;
  }
}
