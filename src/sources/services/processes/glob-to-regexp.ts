/**
 * Pure: a path glob → an anchored regular expression. `*` is any run of characters and
 * `?` one character, neither crossing a `/`; everything else is literal (no `[…]`, no
 * `**`: pid-file globs need neither).
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const char of glob) {
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
