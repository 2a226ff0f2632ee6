import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n';

export interface MenuPosition {
  x: number;
  y: number;
}

interface MenuProps {
  position: MenuPosition;
  onClose: () => void;
  onCopy: () => void;
  onPaste: () => void;
  onSearch: () => void;
}

/** Right-click menu of a terminal: copy, paste, search. Esc or a click elsewhere closes it. */
export function TerminalContextMenu({ position, onClose, onCopy, onPaste, onSearch }: MenuProps) {
  const { t } = useI18n();
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent && event.key !== 'Escape') return;
      if (event instanceof MouseEvent && menu.current?.contains(event.target as Node)) return;
      onClose();
    };
    document.addEventListener('mousedown', close, true);
    document.addEventListener('keydown', close, true);
    return () => {
      document.removeEventListener('mousedown', close, true);
      document.removeEventListener('keydown', close, true);
    };
  }, [onClose]);
  const item = (label: string, action: () => void) => (
    <button
      type="button"
      role="menuitem"
      className="terminal-menu-item"
      onClick={() => {
        action();
        onClose();
      }}
    >
      {label}
    </button>
  );
  return (
    <div
      ref={menu}
      className="terminal-menu"
      role="menu"
      style={{ position: 'fixed', left: position.x, top: position.y }}
    >
      {item(t('term.copy'), onCopy)}
      {item(t('term.paste'), onPaste)}
      {item(t('term.find'), onSearch)}
    </div>
  );
}
