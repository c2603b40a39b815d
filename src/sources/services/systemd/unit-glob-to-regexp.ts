/**
 * Pure: a unit glob → an anchored regular expression, with fnmatch's meaning as systemctl
 * uses it (no FNM_PATHNAME: unit names hold no `/`): `*` any run, `?` one character,
 * `[…]` a set (`[!…]` negated, a `]` first in the set is literal); a `[` without its `]`
 * is literal.
 */
export function unitGlobToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob.charAt(i);
    const negated = glob.charAt(i + 1) === '!';
    const setStart = i + (negated ? 2 : 1);
    const end = char === '[' ? glob.indexOf(']', setStart + 1) : -1;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (end !== -1) {
      const set = glob.slice(setStart, end).replace(/[\\\]^]/g, '\\$&');
      source += `[${negated ? '^' : ''}${set}]`;
      i = end;
    } else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
