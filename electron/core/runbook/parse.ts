/**
 * Markdown runbook -> Runbook model (format: docs/runbook-format.md).
 * Front matter via frontmatter.ts, the body via markdown-it tokens (their `map` gives line ranges; columns
 * are recovered from the source lines). Steps: named code fences (shell or file) and GFM task items (manual).
 */
import { createHash } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import { parseFenceInfo, STEP_NAME, type FenceInfo } from './attributes';
import { parseFrontMatter, splitFrontMatter, type FrontMatter } from './frontmatter';
import type { Diagnostic, ParseResult, Runbook, Section, SourcePos, Step } from './model';
import { slugify, uniqueName } from './text';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** Where the parts of a step sit in the file; used by the linter, not part of the model. */
export interface StepLocation {
  /** From the fence's attributes (empty for manual steps). */
  keyPos: Partial<Record<string, SourcePos>>;
  valuePos: Partial<Record<string, SourcePos>>;
  /** Position in the file of a character offset in the step's body (or manual text). */
  bodyPos(offset: number): SourcePos;
}

export interface DetailedParse extends ParseResult {
  frontMatter?: FrontMatter;
  /** Same order as runbook.steps. */
  stepLocations: StepLocation[];
}

export function parseRunbook(source: string, file: string): ParseResult {
  const { runbook, diagnostics } = parseRunbookDetailed(source, file);
  return { runbook, diagnostics };
}

const TASK = /^\[([ xX])\][ \t]+/;
const EXPLICIT_NAME = /[ \t]*\{#([^}\s]*)\}[ \t]*$/;
const HEADING_REF = /^(\d+(?:\.\d+)*)\.?(?=\s|$)/;

export function parseRunbookDetailed(source: string, file: string): DetailedParse {
  const diagnostics: Diagnostic[] = [];
  const text = source.replace(/\r\n?/g, '\n');
  const split = splitFrontMatter(text, file, diagnostics);
  const fm =
    split.yaml === undefined ? undefined : parseFrontMatter(split.yaml, split.yamlLine, file, diagnostics);

  const lines = text.split('\n');
  const pos = (line: number, col: number): SourcePos => ({ file, line, col });
  const report = (p: SourcePos, code: string, message: string, severity: 'error' | 'warning' = 'error') =>
    diagnostics.push({ ...p, severity, code, message });
  /** 1-based file line of a markdown-it (body-relative, 0-based) line. */
  const fileLine = (mdLine: number) => mdLine + split.bodyLine;

  const sections: Section[] = [];
  const steps: Step[] = [];
  const stepLocations: StepLocation[] = [];
  const sectionIds = new Set<string>();
  const stepNames = new Set<string>();
  const headingStack: { level: number; id: string; ref?: string }[] = [];
  let description: string[] = [];
  let inQuote = false;

  const context = (explicitRef?: string) => ({
    index: steps.length,
    sectionId: headingStack.at(-1)?.id ?? '',
    ref: explicitRef ?? [...headingStack].reverse().find((h) => h.ref)?.ref,
    description: description.length > 0 ? description.join('\n\n') : undefined,
  });
  const claimName = (name: string, at: SourcePos) => {
    if (stepNames.has(name)) report(at, 'duplicate-step', `duplicate step name "${name}"`);
    stepNames.add(name);
  };

  const tokens = new MarkdownIt().parse(split.body, {});
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    const map = token.map;
    if (token.type === 'heading_open' && map) {
      const title = tokens[t + 1]?.content.trim() ?? '';
      const level = Number(token.tag.slice(1));
      const line = fileLine(map[0]);
      const id = uniqueName(slugify(title) || 'section', sectionIds);
      sections.push({ id, title, level, pos: pos(line, firstNonSpace(lines[line - 1]) + 1) });
      while ((headingStack.at(-1)?.level ?? 0) >= level) headingStack.pop();
      headingStack.push({ level, id, ref: HEADING_REF.exec(title)?.[1] });
      description = [];
    } else if (token.type === 'blockquote_open' || token.type === 'blockquote_close') {
      if (token.level === 0) inQuote = token.type === 'blockquote_open';
    } else if (
      token.type === 'paragraph_open' &&
      (token.level === 0 || (inQuote && token.level === 1)) &&
      map
    ) {
      // Prose of the document or of a top-level block quote (a warning, say); not text inside lists.
      description.push(
        lines
          .slice(fileLine(map[0]) - 1, fileLine(map[1]) - 1)
          .join('\n')
          .trim(),
      );
    } else if (token.type === 'fence' && map) {
      const line = fileLine(map[0]);
      const src = lines[line - 1] ?? '';
      const markupCol = src.indexOf(token.markup);
      if (!isClosingFence(lines[fileLine(map[1]) - 2], token.markup) || map[1] - map[0] < 2) {
        report(
          pos(line, markupCol + 1),
          'unterminated-fence',
          `code block opened by ${token.markup} is never closed`,
        );
      }
      const info = parseFenceInfo(src, line, markupCol + token.markup.length, file, diagnostics);
      if (info.attrs?.name === undefined) {
        if (info.attrs && Object.keys(info.keyPos).length > 0 && info.keyPos.name === undefined) {
          report(
            info.objectPos!,
            'missing-name',
            'code block has attributes but no "name": it is not a step',
            'warning',
          );
        }
        continue;
      }
      const location: StepLocation = {
        keyPos: info.keyPos,
        valuePos: info.valuePos,
        bodyPos: offsetMapper(token.content, line + 1, lines, file),
      };
      claimName(info.attrs.name, info.valuePos.name!);
      const step = fenceStep(token, info, pos(line, markupCol + 1), context(info.attrs.ref), report);
      if (step) {
        steps.push(step);
        stepLocations.push(location);
      }
      description = [];
    } else if (
      token.type === 'inline' &&
      map &&
      tokens[t - 2]?.type === 'list_item_open' &&
      TASK.test(token.content)
    ) {
      const prefix = TASK.exec(token.content)![0].length;
      const line = fileLine(map[0]);
      const bodyPos = offsetMapper(token.content, line, lines, file);
      let taskText = token.content.slice(prefix).replace(/\n/g, ' '); // same length: offsets still map
      const explicit = EXPLICIT_NAME.exec(taskText);
      let name: string;
      if (explicit) {
        taskText = taskText.slice(0, explicit.index);
        name = explicit[1]!;
        const namePos = bodyPos(prefix + explicit.index + explicit[0].indexOf('{#') + 2);
        if (!STEP_NAME.test(name)) report(namePos, 'bad-attribute', `invalid manual step name "{#${name}}"`);
        claimName(name, namePos);
      } else {
        name = uniqueName(`manual-${slugify(taskText, 40) || String(steps.length + 1)}`, stepNames);
      }
      const ctx = context();
      steps.push({ kind: 'manual', name, text: taskText.trim(), pos: bodyPos(0), ...ctx });
      stepLocations.push({ keyPos: {}, valuePos: {}, bodyPos: (o) => bodyPos(o + prefix) });
      description = [];
    }
  }

  const runbook: Runbook | undefined =
    fm?.id === undefined
      ? undefined
      : {
          id: fm.id,
          title: fm.title ?? fm.id,
          chapter: fm.chapter,
          summary: fm.summary,
          servers: fm.servers,
          variables: fm.variables,
          sections,
          steps,
          file,
          source,
          body: split.body,
          bodyLine: split.bodyLine,
          hash: 'sha256:' + createHash('sha256').update(source, 'utf8').digest('hex'),
        };
  return { runbook, diagnostics, frontMatter: fm, stepLocations };
}

type StepContext = { index: number; sectionId: string; ref?: string; description?: string };
type Report = (p: SourcePos, code: string, message: string, severity?: 'error' | 'warning') => void;

function fenceStep(
  token: Token,
  info: FenceInfo,
  at: SourcePos,
  ctx: StepContext,
  report: Report,
): Step | undefined {
  const a = info.attrs!;
  const name = a.name!;
  const target = a.target;
  const common = { name, pos: at, lang: info.lang, body: token.content, timeout: a.timeout, ...ctx };
  const confirm = a.confirm === '' ? `Confirmer l'étape « ${name} » ?` : a.confirm;
  const misplaced = (keys: string[], kind: string) => {
    for (const key of keys) {
      const p = info.keyPos[key];
      if (p)
        report(
          p,
          'attribute-not-applicable',
          `attribute "${key}" has no effect on a ${kind} step`,
          'warning',
        );
    }
  };
  if (target === undefined) {
    // An unknown role was already reported where it is written; a missing one is reported here.
    if (info.keyPos.target === undefined) {
      const what = a.file === undefined ? 'shell' : 'file';
      report(at, 'missing-target', `${what} step "${name}" has no "target" (one of the server roles)`);
    }
    return undefined;
  }
  if (a.file !== undefined) {
    misplaced(['expect', 'check', 'unless', 'interactive'], 'file');
    return {
      kind: 'file',
      target,
      path: a.file,
      mode: a.mode,
      owner: a.owner,
      sudo: a.sudo ?? false,
      ...(a.sensitive !== undefined ? { sensitive: a.sensitive } : {}),
      confirm,
      ...common,
    };
  }
  misplaced(['mode', 'owner', 'sudo', 'sensitive'], 'shell');
  return {
    kind: 'shell',
    target,
    confirm,
    expect: a.expect ?? [0],
    check: a.check ?? false,
    unless: a.unless,
    interactive: a.interactive ?? false,
    ...common,
  };
}

function firstNonSpace(line: string | undefined): number {
  return Math.max(0, (line ?? '').search(/\S/));
}

function isClosingFence(line: string | undefined, markup: string): boolean {
  const m = /^[\s>]*(`{3,}|~{3,})\s*$/.exec(line ?? '');
  return !!m && m[1]![0] === markup[0] && m[1]!.length >= markup.length;
}

/**
 * Maps an offset in a block's content to a file position. markdown-it strips list/quote indentation from each
 * line, so every content line is found inside its source line (usually as a suffix).
 */
function offsetMapper(
  content: string,
  firstLine: number,
  lines: string[],
  file: string,
): (o: number) => SourcePos {
  const starts: number[] = [0];
  for (let i = 0; i < content.length; i++) if (content[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let k = starts.length - 1;
    while (k > 0 && starts[k]! > offset) k--;
    const lineEnd = content.indexOf('\n', starts[k]);
    const contentLine = content.slice(starts[k], lineEnd < 0 ? undefined : lineEnd);
    const src = lines[firstLine + k - 1] ?? '';
    const shift = src.endsWith(contentLine)
      ? src.length - contentLine.length
      : Math.max(0, src.indexOf(contentLine));
    return { file, line: firstLine + k, col: shift + offset - starts[k]! + 1 };
  };
}
