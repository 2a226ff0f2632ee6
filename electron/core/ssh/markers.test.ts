import { describe, expect, it } from 'vitest';
import { MarkerParser, type ParsedChunk } from './markers';

const NONCE = 'abc123';
const D = (code: number, nonce = NONCE) => `\x1b]133;D;${code};${nonce}\x07`;
const C = (nonce = NONCE) => `\x1b]133;C;${nonce}\x07`;

/** Feeds the chunks one by one and merges adjacent text, so results do not depend on chunking. */
function parse(chunks: string[]): ParsedChunk[] {
  const parser = new MarkerParser(NONCE);
  const out: ParsedChunk[] = [];
  for (const chunk of chunks) {
    for (const part of parser.push(chunk)) {
      const last = out[out.length - 1];
      if (part.type === 'text' && last?.type === 'text') last.data += part.data;
      else out.push(part.type === 'text' ? { ...part } : part);
    }
  }
  const rest = parser.flush();
  if (rest) out.push({ type: 'text', data: rest });
  return out;
}

/** Every way of cutting the input in two. */
function allSplits(input: string): string[][] {
  return Array.from({ length: input.length + 1 }, (_, i) => [input.slice(0, i), input.slice(i)]);
}

describe('MarkerParser', () => {
  it('extracts markers with our nonce and keeps the text around them', () => {
    expect(parse([`before${C()}out\r\n${D(3)}$ `])).toEqual([
      { type: 'text', data: 'before' },
      { type: 'marker', marker: { kind: 'step-start' } },
      { type: 'text', data: 'out\r\n' },
      { type: 'marker', marker: { kind: 'prompt', exitCode: 3 } },
      { type: 'text', data: '$ ' },
    ]);
  });

  it('gives the same result wherever a chunk boundary falls, even inside a marker', () => {
    const input = `a${C()}é\x1b[31mred\x1b[0m${D(130)}z`;
    const expected = parse([input]);
    for (const chunks of allSplits(input)) expect(parse(chunks)).toEqual(expected);
    // And one character at a time.
    expect(parse([...input])).toEqual(expected);
  });

  it('lets a marker with another nonce through as text', () => {
    const fake = D(0, 'not-the-nonce') + C('xyz');
    expect(parse([`x${fake}y`])).toEqual([{ type: 'text', data: `x${fake}y` }]);
  });

  it('keeps other OSC and escape sequences intact', () => {
    const title = '\x1b]0;user@host: ~\x07';
    const link = '\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\';
    const colours = '\x1b[01;32mgreen\x1b[00m';
    const input = `${title}${colours}${link}\x1b]133;A\x07`;
    for (const chunks of allSplits(input)) {
      expect(parse(chunks)).toEqual([{ type: 'text', data: input }]);
    }
  });

  it('accepts ST as terminator and decodes the ready and prompt markers', () => {
    expect(
      parse([`\x1b]133;R;${NONCE}\x1b\\\x1b]133;A;${NONCE}\x07$ \x1b]133;B;${NONCE}\x07`]).map((p) =>
        p.type === 'marker' ? p.marker.kind : p.data,
      ),
    ).toEqual(['ready', 'prompt-start', '$ ', 'prompt-end']);
  });

  it('does not treat a cut-short OSC 133 as a marker', () => {
    const input = `\x1b]133;C;${NONCE}\x1b[0mtext`;
    expect(parse([input])).toEqual([{ type: 'text', data: input }]);
  });

  it('does not hold back a long foreign OSC 133 forever', () => {
    const parser = new MarkerParser(NONCE);
    const long = '\x1b]133;' + 'x'.repeat(1000);
    const text = parser
      .push(long)
      .map((p) => (p.type === 'text' ? p.data : ''))
      .join('');
    expect(text).toBe(long);
  });

  it('rejects a malformed exit code', () => {
    const input = `\x1b]133;D;abc;${NONCE}\x07`;
    expect(parse([input])).toEqual([{ type: 'text', data: input }]);
  });
});
