/**
 * Code-fence attributes, Runme style: ```sh {"name":"create-db","target":"db"}.
 * Reads the fence line itself (not markdown-it's info string) so that every diagnostic points at the exact
 * key or value in the file.
 */
import { MODE_PATTERN, normalizeMode } from './file-attributes';
import { SERVER_ROLES, type Diagnostic, type ServerRole, type SourcePos } from './model';

export const STEP_ATTRIBUTES = [
  'name',
  'target',
  'confirm',
  'expect',
  'timeout',
  'check',
  'unless',
  'interactive',
  'sudo',
  'sensitive',
  'file',
  'mode',
  'owner',
  'ref',
] as const;
export type StepAttribute = (typeof STEP_ATTRIBUTES)[number];

export const STEP_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Attributes after type checking; absent keys are undefined. */
export interface StepAttrs {
  name?: string;
  target?: ServerRole;
  confirm?: string;
  expect?: number[];
  timeout?: number;
  check?: boolean;
  unless?: string;
  interactive?: boolean;
  sudo?: boolean;
  sensitive?: boolean;
  file?: string;
  mode?: string;
  owner?: string;
  ref?: string;
}

export interface FenceInfo {
  lang: string;
  /** Present when the info string carries a `{…}` object (even an invalid one). */
  attrs?: StepAttrs;
  /** Where each attribute's key and value start in the file. */
  keyPos: Partial<Record<string, SourcePos>>;
  valuePos: Partial<Record<string, SourcePos>>;
  /** Where the `{` starts. */
  objectPos?: SourcePos;
}

/**
 * Parses the info string of a fence line. `line` is the whole source line, `lineNo` its 1-based number,
 * `infoStart` the 0-based column just after the opening backticks/tildes.
 */
export function parseFenceInfo(
  line: string,
  lineNo: number,
  infoStart: number,
  file: string,
  diagnostics: Diagnostic[],
): FenceInfo {
  const at = (col0: number): SourcePos => ({ file, line: lineNo, col: col0 + 1 });
  const report = (col0: number, code: string, message: string, severity: 'error' | 'warning' = 'error') =>
    diagnostics.push({ ...at(col0), severity, code, message });

  let i = infoStart;
  while (line[i] === ' ' || line[i] === '\t') i++;
  const langStart = i;
  while (i < line.length && !/[\s{]/.test(line[i]!)) i++;
  const info: FenceInfo = { lang: line.slice(langStart, i), keyPos: {}, valuePos: {} };
  while (line[i] === ' ' || line[i] === '\t') i++;
  if (line[i] !== '{') return info; // plain info string (or another tool's syntax): not ours
  info.objectPos = at(i);
  const jsonText = line.slice(i).trimEnd();

  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (err) {
    const pos = /position (\d+)/.exec(String(err))?.[1];
    const where = pos === undefined ? 0 : Number(pos);
    report(i + where, 'bad-attributes', `attributes are not a valid JSON object: ${(err as Error).message}`);
    info.attrs = {};
    return info;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    report(i, 'bad-attributes', 'attributes must be a JSON object');
    info.attrs = {};
    return info;
  }
  for (const [key, keyCol, valueCol] of topLevelKeyOffsets(jsonText)) {
    info.keyPos[key] ??= at(i + keyCol);
    info.valuePos[key] ??= at(i + valueCol);
  }
  info.attrs = checkAttributes(raw as Record<string, unknown>, info, report, i);
  return info;
}

type Report = (col0: number, code: string, message: string, severity?: 'error' | 'warning') => void;

function checkAttributes(
  raw: Record<string, unknown>,
  info: FenceInfo,
  report: Report,
  objCol: number,
): StepAttrs {
  const attrs: StepAttrs = {};
  const colOf = (pos: SourcePos | undefined) => (pos ? pos.col - 1 : objCol);
  for (const [key, value] of Object.entries(raw)) {
    const bad = (expected: string) =>
      report(colOf(info.valuePos[key]), 'bad-attribute', `attribute "${key}" must be ${expected}`);
    switch (key as StepAttribute) {
      case 'name':
        if (typeof value === 'string' && STEP_NAME.test(value)) attrs.name = value;
        else bad('a step name (letters, digits, "-", "_", "."; starting with a letter or digit)');
        break;
      case 'target':
        if (typeof value === 'string' && (SERVER_ROLES as readonly string[]).includes(value)) {
          attrs.target = value as ServerRole;
        } else {
          report(
            colOf(info.valuePos[key]),
            'unknown-target',
            `unknown target ${JSON.stringify(value)} (known roles: ${SERVER_ROLES.join(', ')})`,
          );
        }
        break;
      case 'confirm':
      case 'unless':
      case 'file':
      case 'owner':
        if (typeof value === 'string' && value.trim() !== '') attrs[key as 'confirm'] = value;
        else if (key === 'confirm' && (value === true || value === 'true')) attrs.confirm = '';
        else bad('a non-empty string');
        break;
      case 'check':
      case 'interactive':
      case 'sudo':
      case 'sensitive':
        if (value === true || value === 'true') attrs[key as 'check'] = true;
        else if (value === false || value === 'false') attrs[key as 'check'] = false;
        else bad('true or false');
        break;
      case 'timeout': {
        const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
        if (typeof n === 'number' && Number.isFinite(n) && n > 0) attrs.timeout = n;
        else bad('a positive number of seconds');
        break;
      }
      case 'expect': {
        const codes = parseExitCodes(value);
        if (codes) attrs.expect = codes;
        else bad('an exit code, a list of exit codes or a string like "0,1"');
        break;
      }
      case 'mode': {
        const text = typeof value === 'number' ? String(value) : value;
        // A template ("{{file_mode}}") is checked once rendered, by the binder.
        if (typeof text === 'string' && MODE_PATTERN.test(text)) attrs.mode = normalizeMode(text);
        else if (typeof text === 'string' && text.includes('{{')) attrs.mode = text;
        else bad('an octal file mode such as "0644", or a {{variable}}');
        break;
      }
      case 'ref':
        if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number')
          attrs.ref = String(value);
        else bad('a dossier section such as "3.2"');
        break;
      default:
        report(
          colOf(info.keyPos[key]),
          'unknown-attribute',
          `unknown attribute "${key}" (known: ${STEP_ATTRIBUTES.join(', ')})`,
        );
    }
  }
  return attrs;
}

function parseExitCodes(value: unknown): number[] | undefined {
  const list =
    typeof value === 'number'
      ? [value]
      : typeof value === 'string'
        ? value.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)))
        : Array.isArray(value)
          ? value.map((v) => (typeof v === 'number' ? v : NaN))
          : [];
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return undefined;
  return [...new Set(list)];
}

/**
 * [key, keyOffset, valueOffset] of the top-level keys of a JSON object text that JSON.parse accepted.
 * A tiny scanner: it only needs to skip strings and track nesting.
 */
function topLevelKeyOffsets(json: string): [string, number, number][] {
  const out: [string, number, number][] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < json.length && json[i] !== '"'; i++) if (json[i] === '\\') i++;
      if (depth === 1 && expectKey) {
        let j = i + 1;
        while (/\s/.test(json[j] ?? '')) j++;
        j++; // the colon
        while (/\s/.test(json[j] ?? '')) j++;
        out.push([JSON.parse(json.slice(start, i + 1)) as string, start, j]);
        expectKey = false;
      }
    } else if (c === '{' || c === '[') {
      depth++;
      expectKey = depth === 1;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
  }
  return out;
}
