import type { FitAddon } from '@xterm/addon-fit';
import type { SearchAddon } from '@xterm/addon-search';
import type { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { api, type ServerRole } from '../api';
import { TerminalContextMenu, type MenuPosition } from './TerminalContextMenu';
import { TerminalSearch } from './TerminalSearch';
import { benchStatsFor } from './benchStats';
import { CoalescingWriter } from './coalescingWriter';
import { WriteAccounting } from './flowAccounting';
import { focusMoveFor, moveFocusOutOf } from './focusKeys';
import { useI18n } from '../i18n';
import { LinkDialog } from './LinkDialog';
import { openLiveTerminal } from './liveTerminal';
import { lostConnectionLine } from './lostLine';
import { ReplaySeam } from './replaySeam';
import { TerminalInput } from './terminalInput';
import './terminal.css';

interface TerminalViewProps {
  runId: string;
  role: ServerRole;
  /** Hidden tabs keep receiving output; only the visible one is fitted to its box. */
  visible: boolean;
  label: string;
}

/**
 * One live, interactive server terminal of a run (or of an ad-hoc session): output from onTerminalData,
 * written so that floods cost few frames (coalescingWriter.ts), with flow control (flowAccounting.ts);
 * keystrokes to writeTerminal at once (so Ctrl-C is never queued behind output), long pastes in bounded
 * pieces (terminalInput.ts); fitted to its box, with search (Ctrl+F), copy/paste (Ctrl+Shift+C/V, context
 * menu) and links, which open only from the link dialog (LinkDialog.tsx). Tab, Shift+Tab and F6 lead out of
 * it and F6 back into it (focusKeys.ts): it never traps the keyboard.
 */
export function TerminalView({ runId, role, visible, label }: TerminalViewProps) {
  const { t } = useI18n();
  // Read through a ref: a language change must not reopen the terminal (and replay it again).
  const tRef = useRef(t);
  tRef.current = t;
  const box = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const [search, setSearch] = useState<SearchAddon | null>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  const [menu, setMenu] = useState<MenuPosition | null>(null);
  const view = useRef<HTMLDivElement>(null);
  // The first showing is the page opening: the focus stays on the page's first action, not in the terminal.
  const shown = useRef(false);
  const [link, setLink] = useState<string | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const { term, fit, search: searchAddon } = openLiveTerminal(element, setLink);
    termRef.current = term;
    fitRef.current = fit;
    setSearch(searchAddon);

    const accounting = new WriteAccounting(
      (chars) => void api.ackTerminal({ runId, role, chars }).catch(() => undefined),
      { set: (fn, ms) => window.setTimeout(fn, ms), clear: (h) => window.clearTimeout(h as number) },
    );
    void api.ackTerminal({ runId, role, chars: 0, attached: true }).catch(() => undefined);
    const stats = benchStatsFor(runId, role); // undefined outside bench builds
    const writer = new CoalescingWriter({ write: (data, parsed) => term.write(data, parsed) }, (chars) => {
      accounting.parsed(chars);
      if (stats) stats.parsed += chars;
    });
    // A reopened page (navigated back, reloaded, another tab) shows again the end of what this terminal
    // printed, from its transcript, then goes on live from where that ends (replaySeam.ts).
    const seam = new ReplaySeam({
      write: (data, chars) => writer.push(data, chars),
      skip: (chars) => accounting.parsed(chars),
    });
    const offData = api.onTerminalData((push) => {
      if (push.runId !== runId || push.role !== role) return;
      accounting.queued(push.chars);
      if (stats) stats.queued += push.chars;
      seam.push(push);
    });
    api.replayTerminal({ runId, role }).then(
      (replay) => seam.replayed(replay),
      () => seam.replayed(undefined),
    );
    // A dropped connection is said where the engineer looks: in the terminal, after its last output
    // (the backend pushes held output before the event). Written by the page, in the page's language.
    const offEvent = api.onRunEvent(({ runId: id, event }) => {
      if (id !== runId || event.type !== 'server-disconnected' || event.role !== role) return;
      seam.push({ data: lostConnectionLine(tRef.current, role, event.reason), chars: 0 });
    });

    // Whether a key reached the shell since the terminal got the focus: until then Tab passes through.
    let typed = false;
    const onFocus = () => (typed = false);
    term.textarea?.addEventListener('focus', onFocus);
    const keys = new TerminalInput((data) => api.writeTerminal({ runId, role, data }));
    const input = term.onData((data) => {
      typed = true;
      keys.write(data);
    });

    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown') return true;
      const move = focusMoveFor(event, typed);
      if (move && view.current) {
        event.preventDefault(); // also tells the page's F6 listener below that this one was handled
        moveFocusOutOf(view.current, move);
        return false;
      }
      const key = event.key.toLowerCase();
      if (event.ctrlKey && event.shiftKey && key === 'c') {
        event.preventDefault();
        if (term.hasSelection()) void navigator.clipboard?.writeText(term.getSelection());
        return false;
      }
      if (event.ctrlKey && event.shiftKey && key === 'v') {
        event.preventDefault();
        void navigator.clipboard?.readText().then((text) => text && term.paste(text));
        return false;
      }
      if (event.ctrlKey && !event.shiftKey && key === 'f') {
        event.preventDefault();
        setSearchOpen(true);
        return false;
      }
      return true;
    });

    let lastSize = '';
    const resize = () => {
      if (!element.offsetWidth || !element.offsetHeight) return; // a hidden tab has no size to fit
      try {
        fit.fit();
      } catch {
        return;
      }
      const size = `${term.cols}x${term.rows}`;
      if (size === lastSize) return;
      lastSize = size;
      void api.resizeTerminal({ runId, role, cols: term.cols, rows: term.rows }).catch(() => undefined);
    };
    const observer = new ResizeObserver(() => resize());
    observer.observe(element);
    resize();

    return () => {
      observer.disconnect();
      offData();
      offEvent();
      term.textarea?.removeEventListener('focus', onFocus);
      input.dispose();
      keys.dispose();
      writer.dispose();
      accounting.flush();
      void api.ackTerminal({ runId, role, chars: 0, attached: false }).catch(() => undefined);
      term.dispose();
      termRef.current = null;
      fitRef.current = null;
    };
  }, [runId, role]);

  useEffect(() => {
    if (!visible) return;
    const term = termRef.current;
    try {
      fitRef.current?.fit();
    } catch {
      // not laid out yet; the ResizeObserver fits it when it is
    }
    if (shown.current) term?.focus();
    shown.current = true;
  }, [visible]);

  // F6 from anywhere else on the page comes back to the visible terminal.
  useEffect(() => {
    if (!visible) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'F6' || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
      if (event.defaultPrevented || view.current?.contains(document.activeElement)) return;
      event.preventDefault();
      termRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [visible]);

  const copy = () => {
    const term = termRef.current;
    if (term?.hasSelection()) void navigator.clipboard?.writeText(term.getSelection());
  };
  const paste = () => {
    void navigator.clipboard?.readText().then((text) => text && termRef.current?.paste(text));
  };

  return (
    <div
      ref={view}
      className="terminal-view"
      hidden={!visible}
      data-role={role}
      onContextMenu={(event) => {
        event.preventDefault();
        setMenu({ x: event.clientX, y: event.clientY });
      }}
    >
      {searchOpen && search ? (
        <TerminalSearch
          search={search}
          onClose={() => {
            setSearchOpen(false);
            termRef.current?.focus();
          }}
        />
      ) : null}
      <div className="terminal-box" aria-label={label} role="region">
        <div ref={box} className="terminal-screen" />
      </div>
      {menu ? (
        <TerminalContextMenu
          position={menu}
          onClose={() => setMenu(null)}
          onCopy={copy}
          onPaste={paste}
          onSearch={() => setSearchOpen(true)}
        />
      ) : null}
      {link !== null ? (
        <LinkDialog
          uri={link}
          onClose={() => {
            setLink(null);
            termRef.current?.focus();
          }}
        />
      ) : null}
    </div>
  );
}
