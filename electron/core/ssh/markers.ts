/**
 * Shell-integration markers (OSC 133 style) that delimit steps in the persistent shell, and the streaming
 * parser that takes them out of the display stream.
 *
 * Wire format, always terminated by BEL (ST is accepted too):
 *   ESC ] 133 ; R ; <nonce> BEL          the session setup is done, the shell is ready
 *   ESC ] 133 ; A ; <nonce> BEL          the prompt (PS1) starts
 *   ESC ] 133 ; B ; <nonce> BEL          the prompt ends (what follows is typed input)
 *   ESC ] 133 ; C ; <nonce> BEL          a step starts (everything before it is the invisible invocation)
 *   ESC ] 133 ; D ; <exit> ; <nonce> BEL a prompt is about to be shown; <exit> is the status of the last line
 *
 * Only markers carrying the session's nonce are consumed. Anything else, including an OSC 133 printed by a
 * step with another nonce (say `cat` of an old transcript), passes through untouched, so a step cannot end
 * itself by accident and other escape sequences (colours, titles, hyperlinks) reach the terminal intact.
 */

export type Marker =
  | { kind: 'ready' }
  | { kind: 'prompt-start' }
  | { kind: 'prompt-end' }
  | { kind: 'step-start' }
  | { kind: 'prompt'; exitCode: number };

export type ParsedChunk = { type: 'text'; data: string } | { type: 'marker'; marker: Marker };

const ESC = '\x1b';
const BEL = '\x07';
/** Our markers are short; an OSC longer than this is someone else's (e.g. OSC 52 clipboard data). */
const MAX_MARKER_LENGTH = 256;

/** The printf format strings the shell uses to emit markers (see shell-setup.ts). Kept beside the parser. */
export const markerPrintf = {
  ready: '\\033]133;R;%s\\007',
  /** For PS1: literal escapes, wrapped in \\[ \\] by the setup so readline does not count them. */
  promptStart: '\\e]133;A;',
  promptEnd: '\\e]133;B;',
  stepStart: '\\033]133;C;%s\\007',
  prompt: '\\033]133;D;%s;%s\\007',
} as const;

export class MarkerParser {
  /** Bytes of a possible marker held back until we know whether it is ours. */
  private pending = '';

  constructor(private readonly nonce: string) {}

  /** Feeds decoded text; returns display text and markers in stream order. */
  push(input: string): ParsedChunk[] {
    const out: ParsedChunk[] = [];
    let text = '';
    const flushText = () => {
      if (text) out.push({ type: 'text', data: text });
      text = '';
    };

    const data = this.pending + input;
    this.pending = '';
    let i = 0;
    while (i < data.length) {
      const esc = data.indexOf(ESC, i);
      if (esc === -1) {
        text += data.slice(i);
        break;
      }
      text += data.slice(i, esc);
      const rest = data.slice(esc);
      const verdict = this.classify(rest);
      if (verdict.type === 'incomplete') {
        this.pending = rest;
        break;
      }
      if (verdict.type === 'marker') {
        flushText();
        out.push({ type: 'marker', marker: verdict.marker });
      } else {
        text += rest.slice(0, verdict.length);
      }
      i = esc + verdict.length;
    }
    flushText();
    return out;
  }

  /** Text held back at the end of the stream (a truncated sequence): give it to the display on close. */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }

  /**
   * Looks at text starting with ESC. Either it is one of our markers (consumed), not ours (passed through:
   * `length` characters are safe to emit as text), or we cannot tell yet (need more input).
   */
  private classify(
    s: string,
  ):
    | { type: 'incomplete' }
    | { type: 'other'; length: number }
    | { type: 'marker'; marker: Marker; length: number } {
    if (s.length < 2) return { type: 'incomplete' };
    if (s[1] !== ']') return { type: 'other', length: 1 }; // not an OSC: emit the ESC, keep scanning after it
    const prefix = '\x1b]133;';
    if (!prefix.startsWith(s.slice(0, prefix.length))) {
      return { type: 'other', length: 2 }; // another OSC: it passes through as ordinary text
    }
    if (s.length < prefix.length) return { type: 'incomplete' };

    // An OSC 133: find its terminator (BEL, or ST = ESC \).
    const end = findTerminator(s, prefix.length);
    if (end === null) {
      return s.length > MAX_MARKER_LENGTH ? { type: 'other', length: 2 } : { type: 'incomplete' };
    }
    if (end.cut) return { type: 'other', length: end.index };
    const body = s.slice(prefix.length, end.index);
    const marker = this.decode(body);
    return marker ? { type: 'marker', marker, length: end.after } : { type: 'other', length: end.after };
  }

  private decode(body: string): Marker | null {
    const parts = body.split(';');
    if (parts[parts.length - 1] !== this.nonce) return null;
    if (parts.length === 2 && parts[0] === 'R') return { kind: 'ready' };
    if (parts.length === 2 && parts[0] === 'A') return { kind: 'prompt-start' };
    if (parts.length === 2 && parts[0] === 'B') return { kind: 'prompt-end' };
    if (parts.length === 2 && parts[0] === 'C') return { kind: 'step-start' };
    if (parts.length === 3 && parts[0] === 'D' && /^\d{1,3}$/.test(parts[1] ?? '')) {
      return { kind: 'prompt', exitCode: Number(parts[1]) };
    }
    return null;
  }
}

function findTerminator(s: string, from: number): { index: number; after: number; cut: boolean } | null {
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === BEL) return { index: i, after: i + 1, cut: false };
    if (c === ESC) {
      if (i + 1 >= s.length) return null;
      if (s[i + 1] === '\\') return { index: i, after: i + 2, cut: false };
      return { index: i, after: i, cut: true }; // a new sequence starts: this OSC was cut short, not ours
    }
  }
  return null;
}
