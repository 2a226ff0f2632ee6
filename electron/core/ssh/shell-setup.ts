import { markerPrintf } from './markers';

/**
 * The bash code that turns a login shell into a step runner. It is sent once, as one line, when the shell
 * opens; its echo and output are hidden by the session until the ready marker.
 *
 * Why this shape:
 * - A step is one line ` __rb_run <base64>`: base64 keeps quotes, heredocs and multi-line scripts intact and
 *   the leading space (with HISTCONTROL=ignorespace) keeps the invocation out of the history. The script's
 *   own stdin stays the terminal, so `read` or a sudo prompt is answered by whatever the engineer types.
 * - __rb_run evals the script in the current shell, so cd, export and `source venv/bin/activate` carry over
 *   to the next step, as for a human at the keyboard.
 * - Fail at the first failing command like `set -e`, but without exiting the interactive shell: an ERR trap
 *   returns from the function (set -E makes it fire inside functions the script defines too; each of them
 *   returns in turn until __rb_run does). The prompt hook removes the trap again, whichever way the step
 *   ended, so the engineer's own commands between steps behave normally.
 *   \`exit\` in a step would run ~/.bash_logout with the trap still set, and its \`return\` there crashes
 *   bash ("longjmp causes uninitialized stack frame"): exit and logout drop the trap first.
 * - The prompt is wrapped in A/B markers so that the session can show it even when the next step's hidden
 *   invocation follows right behind it.
 * - The end of a step is the prompt (PROMPT_COMMAND), not code after eval: it is also reached after Ctrl-C
 *   (status 130) and after the ERR trap's return. __rb_prompt goes first in PROMPT_COMMAND so it sees the
 *   step's status, and __rb_run puts it back if a step (say `source ~/.bashrc`) replaced PROMPT_COMMAND.
 * Caveat: `declare`/`typeset` in a step make function-local variables (the script runs inside __rb_run);
 * use plain assignments or `declare -g`. `exit` in a step ends the session, as it would for a human.
 */
export function shellSetupScript(nonce: string): string {
  const promptStart = String.raw`\[${markerPrintf.promptStart}${nonce}\a\]`;
  const promptEnd = String.raw`\[${markerPrintf.promptEnd}${nonce}\a\]`;
  return String.raw`__rb_nonce=${nonce}
HISTCONTROL="ignorespace${'${HISTCONTROL:+:$HISTCONTROL}'}"
bind 'set enable-bracketed-paste off' 2>/dev/null
__rb_prompt() {
  local __rb_status=$?
  trap - ERR
  set +E
  printf '${markerPrintf.prompt}' "$__rb_status" "$__rb_nonce"
  return $__rb_status
}
__rb_keep_prompt() {
  case ";${'${PROMPT_COMMAND-}'};" in
    *";__rb_prompt;"*) ;;
    *) PROMPT_COMMAND="__rb_prompt${'${PROMPT_COMMAND:+;$PROMPT_COMMAND}'}" ;;
  esac
  case "$PS1" in
    *"133;A;$__rb_nonce"*) ;;
    *) PS1='${promptStart}'"$PS1"'${promptEnd}' ;;
  esac
}
__rb_run() {
  printf '${markerPrintf.stepStart}' "$__rb_nonce"
  local __rb_script
  __rb_script="$(printf %s "$1" | base64 -d)" || return 126
  __rb_keep_prompt
  trap '__rb_status=$?; if [[ ${'${FUNCNAME[0]-}'} ]]; then __rb_keep_prompt; return $__rb_status; fi' ERR
  set -E
  eval "$__rb_script"
}
exit() { trap - ERR; set +E; builtin exit "$@"; }
logout() { trap - ERR; set +E; builtin logout "$@"; }
__rb_keep_prompt
printf '${markerPrintf.ready}' "$__rb_nonce"
`;
}

/** The single line typed into the fresh shell to install the step runner. */
export function shellSetupLine(nonce: string): string {
  const b64 = Buffer.from(shellSetupScript(nonce), 'utf8').toString('base64');
  return ` eval "$(printf %s ${b64} | base64 -d)"\r`;
}

/** The single line that runs one step. */
export function stepInvocationLine(script: string): string {
  return ` __rb_run ${Buffer.from(script, 'utf8').toString('base64')}\r`;
}
