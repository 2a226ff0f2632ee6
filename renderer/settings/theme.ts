/** The theme actually shown: the setting, or the system's preference when the setting is "system". */
import type { Theme } from '../api';

export type ResolvedTheme = 'light' | 'dark';

export function resolveTheme(setting: Theme | undefined, systemPrefersDark: boolean): ResolvedTheme {
  if (setting === 'light' || setting === 'dark') return setting;
  return systemPrefersDark ? 'dark' : 'light';
}

export const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Sets `data-theme` on <html>; the CSS variables of styles/tokens.css follow it. */
export function applyTheme(root: HTMLElement, theme: ResolvedTheme, setting: Theme): void {
  root.dataset['theme'] = theme;
  root.dataset['themeSetting'] = setting;
}
