/**
 * YAML front matter of a runbook: split it from the Markdown body, parse it with `yaml`, check its keys,
 * and remember where every key sits so that each diagnostic names the real file:line:col.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { SERVER_ROLES, type Diagnostic, type ServerRole, type SourcePos, type VariableSpec } from './model';
import { VARIABLE_NAME } from './template';
import { lineColAt } from './text';

export const FRONT_MATTER_KEYS = ['id', 'title', 'chapter', 'summary', 'servers', 'variables'] as const;
export const VARIABLE_KEYS = [
  'label',
  'default',
  'example',
  'pattern',
  'secret',
  'generate',
  'multiline',
  'path',
  'description',
] as const;
export const RUNBOOK_ID = /^[a-z0-9][a-z0-9-]*$/;

export interface FrontMatter {
  id?: string;
  title?: string;
  chapter: string;
  summary?: string;
  servers: ServerRole[];
  variables: VariableSpec[];
  /** Position of each top-level key's value (or of the key when the value is empty). */
  valuePos: Partial<Record<string, SourcePos>>;
  /** Per variable, the position of each of its fields' values. */
  variableFieldPos: Record<string, Partial<Record<string, SourcePos>>>;
  /** Position of each role in the `servers` list. */
  serverPos: Partial<Record<ServerRole, SourcePos>>;
}

export interface SplitSource {
  /** The YAML text, undefined when the file has no (terminated) front matter. */
  yaml?: string;
  /** 1-based line of the first YAML line. */
  yamlLine: number;
  body: string;
  bodyLine: number;
}

/** Front matter is a first line `---`, then YAML, then a line `---` (or `...`). */
export function splitFrontMatter(source: string, file: string, diagnostics: Diagnostic[]): SplitSource {
  const lines = source.split('\n');
  if (lines[0]?.replace(/^\uFEFF/, '').trimEnd() !== '---') {
    diagnostics.push({
      file,
      line: 1,
      col: 1,
      severity: 'error',
      code: 'missing-front-matter',
      message: 'a runbook starts with YAML front matter between two "---" lines',
    });
    return { yamlLine: 1, body: source, bodyLine: 1 };
  }
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end < 0) {
    diagnostics.push({
      file,
      line: 1,
      col: 1,
      severity: 'error',
      code: 'unterminated-front-matter',
      message: 'front matter opened by "---" is never closed by a "---" line',
    });
    return { yamlLine: 2, body: '', bodyLine: lines.length + 1 };
  }
  return {
    yaml: lines.slice(1, end).join('\n'),
    yamlLine: 2,
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
  };
}

export function parseFrontMatter(
  yamlText: string,
  yamlLine: number,
  file: string,
  diagnostics: Diagnostic[],
): FrontMatter | undefined {
  const posAt = (offset: number): SourcePos => {
    const { line, col } = lineColAt(yamlText, offset);
    return { file, line: line + yamlLine - 1, col };
  };
  const nodePos = (node: unknown, fallback: SourcePos): SourcePos => {
    const range = (node as YamlNode | null)?.range;
    return range ? posAt(range[0]) : fallback;
  };
  const report = (pos: SourcePos, code: string, message: string, severity: 'error' | 'warning' = 'error') =>
    diagnostics.push({ ...pos, severity, code, message });

  const doc = parseDocument(yamlText, { prettyErrors: false });
  for (const e of doc.errors) report(posAt(e.pos[0]), 'yaml', `front matter: ${e.message}`);
  for (const w of doc.warnings) report(posAt(w.pos[0]), 'yaml', `front matter: ${w.message}`, 'warning');
  if (doc.errors.length > 0) return undefined;
  const top: SourcePos = { file, line: Math.max(1, yamlLine - 1), col: 1 };
  if (!isMap(doc.contents)) {
    report(top, 'yaml', 'front matter must be a YAML mapping (key: value lines)');
    return undefined;
  }

  const fm: FrontMatter = {
    chapter: '',
    servers: [],
    variables: [],
    valuePos: {},
    variableFieldPos: {},
    serverPos: {},
  };
  for (const pair of doc.contents.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyPos = nodePos(pair.key, top);
    const pos = nodePos(pair.value, keyPos);
    fm.valuePos[key] = pos;
    const text = scalarText(pair.value);
    switch (key) {
      case 'id':
        if (text !== undefined && RUNBOOK_ID.test(text)) fm.id = text;
        else report(pos, 'bad-id', `id must match ${RUNBOOK_ID.source} (lower case, digits, dashes)`);
        break;
      case 'title':
      case 'summary':
      case 'chapter':
        if (text !== undefined && text.trim() !== '') fm[key] = text;
        else report(pos, 'bad-front-matter', `"${key}" must be a non-empty string`);
        break;
      case 'servers':
        readServers(pair.value, pos, fm, nodePos, report);
        break;
      case 'variables':
        readVariables(pair.value, pos, fm, nodePos, report);
        break;
      default:
        report(
          keyPos,
          'unknown-key',
          `unknown front-matter key "${key}" (known: ${FRONT_MATTER_KEYS.join(', ')})`,
        );
    }
  }
  if (fm.id === undefined && fm.valuePos.id === undefined)
    report(top, 'missing-id', 'front matter has no "id"');
  if (fm.title === undefined && fm.valuePos.title === undefined) {
    report(top, 'missing-title', 'front matter has no "title"');
  }
  return fm;
}

type NodePos = (node: unknown, fallback: SourcePos) => SourcePos;
type Report = (pos: SourcePos, code: string, message: string, severity?: 'error' | 'warning') => void;

/** The text of a scalar as written (so `chapter: 3.10` stays "3.10"), undefined for anything else. */
function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  if (typeof node.value === 'string') return node.value;
  return node.source ?? String(node.value);
}

function readServers(node: unknown, pos: SourcePos, fm: FrontMatter, nodePos: NodePos, report: Report) {
  if (!isSeq(node)) {
    report(pos, 'bad-front-matter', `"servers" must be a list of roles (${SERVER_ROLES.join(', ')})`);
    return;
  }
  for (const item of node.items) {
    const role = scalarText(item);
    const itemPos = nodePos(item, pos);
    if (role !== undefined && (SERVER_ROLES as readonly string[]).includes(role)) {
      if (!fm.servers.includes(role as ServerRole)) fm.servers.push(role as ServerRole);
      fm.serverPos[role as ServerRole] ??= itemPos;
    } else {
      report(
        itemPos,
        'unknown-role',
        `unknown server role "${role ?? ''}" (known: ${SERVER_ROLES.join(', ')})`,
      );
    }
  }
}

function readVariables(node: unknown, pos: SourcePos, fm: FrontMatter, nodePos: NodePos, report: Report) {
  if (!isMap(node)) {
    report(
      pos,
      'bad-front-matter',
      '"variables" must be a mapping of name -> { label, default, pattern, … }',
    );
    return;
  }
  for (const pair of node.items as Pair[]) {
    const name = scalarText(pair.key) ?? '';
    const namePos = nodePos(pair.key, pos);
    if (!VARIABLE_NAME.test(name)) {
      report(namePos, 'bad-variable', `variable name "${name}" must match ${VARIABLE_NAME.source}`);
      continue;
    }
    const spec: VariableSpec = { name, label: name, secret: false, pos: namePos };
    const fieldPos: Partial<Record<string, SourcePos>> = {};
    fm.variableFieldPos[name] = fieldPos;
    fm.variables.push(spec);
    if (!isMap(pair.value)) {
      report(
        nodePos(pair.value, namePos),
        'bad-variable',
        `variable "${name}" must be a mapping ({ label: … })`,
      );
      continue;
    }
    for (const field of pair.value.items as Pair[]) {
      const key = scalarText(field.key) ?? '';
      const keyPos = nodePos(field.key, namePos);
      const at = nodePos(field.value, keyPos);
      fieldPos[key] = at;
      const text = scalarText(field.value);
      const bad = (expected: string) =>
        report(at, 'bad-variable', `variable "${name}": "${key}" must be ${expected}`);
      switch (key) {
        case 'label':
        case 'default':
        case 'example':
        case 'pattern':
        case 'description':
          if (text !== undefined) spec[key] = text;
          else bad('a string');
          break;
        case 'secret':
          if (text === 'true' || text === 'false') spec.secret = spec.secret || text === 'true';
          else bad('true or false');
          break;
        case 'multiline':
        case 'path':
          if (text === 'true' || text === 'false') spec[key] = text === 'true';
          else bad('true or false');
          break;
        case 'generate': {
          const n = Number(text);
          if (text !== undefined && Number.isInteger(n) && n >= 16 && n <= 256) {
            spec.generate = n;
            spec.secret = true; // a generated value is by nature a secret
          } else bad('a length between 16 and 256');
          break;
        }
        default:
          report(
            keyPos,
            'unknown-variable-key',
            `variable "${name}": unknown key "${key}" (known: ${VARIABLE_KEYS.join(', ')})`,
          );
      }
    }
  }
}
