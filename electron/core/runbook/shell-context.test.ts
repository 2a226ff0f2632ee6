import { describe, expect, it } from 'vitest';
import { shellContexts, type ShellContext } from './shell-context';
import { scanTemplate } from './template';

/** The context of each {{x}} of a template, in order. */
const contexts = (text: string): ShellContext[] => [...shellContexts(scanTemplate(text).parts).values()];

describe('shellContexts', () => {
  it('tells bare words from double- and single-quoted strings', () => {
    expect(contexts(`echo {{x}} "a {{x}} b" 'c {{x}}' "it's {{x}}" 'say "{{x}}"'`)).toEqual([
      'word',
      'double',
      'single',
      'double',
      'single',
    ]);
  });

  it('follows $(…) inside "…" and quotes inside $(…), as the shell nests them', () => {
    expect(contexts(`r="$(curl -H 'Host: {{x}}' {{x}} | grep "{{x}}")" {{x}}`)).toEqual([
      'single',
      'word',
      'double',
      'word',
    ]);
    expect(contexts(`echo $( (cd / && echo {{x}}) ) "{{x}}"`)).toEqual(['word', 'double']);
  });

  it("knows $'…', backquotes, ${…} and $((…)) as places no quoting reaches", () => {
    expect(contexts(`echo $'a {{x}}' \`echo {{x}}\` \${v:-{{x}}} $((1 + {{x}})) {{x}}`)).toEqual([
      'single',
      'backquote',
      'expansion',
      'arithmetic',
      'word',
    ]);
  });

  it('finds here-document bodies, quoted delimiter or not, <<- included, and what follows them', () => {
    const text = [
      `cat <<EOF | sudo tee {{x}}`,
      `ligne {{x}} "pas une chaîne`,
      `EOF`,
      `psql <<-'SQL'`,
      `\tSELECT '{{x}}';`,
      `\tSQL`,
      `echo {{x}} <<< {{x}}`,
    ].join('\n');
    expect(contexts(text)).toEqual(['word', 'heredoc', 'heredoc', 'word', 'word']);
  });

  it('ignores quotes in comments, and a "#" inside a word is not a comment', () => {
    expect(contexts(`# don't {{x}}\necho a#'{{x}}'`)).toEqual(['word', 'single']);
  });

  it('answers "uncertain" where it cannot follow, never a context that would be quoted wrongly', () => {
    // A value never follows a backslash: "\{{" is the template's literal "{{", not a placeholder.
    expect(contexts(`echo \\{{x}} "\\{{x}}"`)).toEqual([]);
    expect(contexts(`v=$(case $a in b) echo ;; esac) {{x}}`)).toEqual(['uncertain']);
    expect(contexts('echo `echo "a"` {{x}}')).toEqual(['uncertain']);
  });

  it('finds the end of ${…} with quotes in it, inside "…" too', () => {
    expect(contexts(`: "\${a:?l'étape}" {{x}} \${b:-'}'} {{x}}`)).toEqual(['word', 'word']);
  });
});
