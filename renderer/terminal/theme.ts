import type { ITheme } from '@xterm/xterm';

/** A dark terminal in both app themes (output reads best light-on-dark); the selection stays visible. */
export function terminalTheme(): ITheme {
  return {
    background: '#14171c',
    foreground: '#e6e8eb',
    cursor: '#f5d76e',
    selectionBackground: '#3d5a80',
    black: '#1e2127',
    red: '#ef6b73',
    green: '#8fcf7e',
    yellow: '#e5c07b',
    blue: '#61afef',
    magenta: '#c678dd',
    cyan: '#56b6c2',
    white: '#dcdfe4',
  };
}
