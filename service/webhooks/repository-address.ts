/**
 * The one key a repository is known by, whatever form its URL takes: `host/owner/repo`, lower
 * case, without scheme, credentials, port or `.git`. `https://GitHub.com/Team/Shop.git`,
 * `ssh://git@github.com:22/team/shop`, `git@github.com:team/shop.git` and
 * `git://github.com/team/shop` all give `github.com/team/shop`.
 *
 * The path is folded too: GitHub and GitLab resolve owner and repository names without regard to
 * case, so a pipeline typed `Team/Shop` must meet the push of `team/shop`.
 *
 * Returns null for text that is no repository address (a local path, an empty path).
 */
export function repositoryKey(url: string): string | null {
  const text = url.trim();
  let host: string;
  let path: string;
  // scp-like `user@host:path` (no scheme, and the colon is not followed by `//`).
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(text);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && scp) {
    host = scp[1]!;
    path = scp[2]!;
  } else {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return null;
    }
    if (!['http:', 'https:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(parsed.protocol)) return null;
    host = parsed.hostname;
    path = decodeURIComponent(parsed.pathname);
  }
  const segments = path
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .split('/')
    .filter((s) => s !== '');
  if (!host || segments.length === 0) return null;
  return `${host.replace(/^\[|\]$/g, '')}/${segments.join('/')}`.toLowerCase();
}
