import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** The package the syntax server's classes live in (its script's `package` line). */
const SERVER_PACKAGE = 'pipewright.syntax';
const MANIFEST = 'MANIFEST.sha256';
const CACHE_PREFIX = 'groovy-syntax-server-';
/** A cache no call has used for this long belongs to a pipewright, Groovy or JVM option set gone by. */
const UNUSED_CACHE_MS = 30 * 24 * 3600_000;
/** A half-written cache (`<name>.<random>`) this old was left by a JVM that was killed while writing. */
const ABANDONED_WRITE_MS = 3600_000;

/**
 * The JVM's arguments after its options, to run the syntax server: its cached classes when they
 * can be trusted, else the script itself, asked to write the cache once its input has ended.
 *
 * A JVM that runs the script must first compile its ~500 lines of Groovy, about 0.6 s of CPU of a
 * one-file call's 1.5 s (npm run bench:import). The cache directory's name hashes the script, the
 * Groovy jars (path, size, time) and the JVM options, so any of them changing gets classes of its
 * own. A fresh clone needs no build step, and a cache that cannot be written costs nothing.
 * $PIPEWRIGHT_GROOVY_CLASS_CACHE moves it from $XDG_CACHE_HOME/pipewright (~/.cache/pipewright).
 */
export function syntaxServerArguments(
  script: string,
  classpath: string,
  jvmOptions: string[],
  env: NodeJS.ProcessEnv,
): string[] {
  const cache = classCacheDirectory(script, classpath, jvmOptions, env);
  const state = cachedClasses(cache);
  if (state === 'trusted') markUsed(cache);
  if (state === 'absent') pruneSiblings(cache);
  if (state === 'trusted')
    return ['-cp', `${classpath}:${cache}`, `${SERVER_PACKAGE}.${basename(script, '.groovy')}`];
  return [
    // Another user's directory is neither used nor replaced.
    ...(state === 'foreign' ? [] : [`-Dpipewright.writeClassesTo=${cache}`]),
    `-Dpipewright.script=${script}`,
    '-cp',
    classpath,
    'groovy.ui.GroovyMain',
    script,
  ];
}

function classCacheDirectory(
  script: string,
  classpath: string,
  jvmOptions: string[],
  env: NodeJS.ProcessEnv,
): string {
  const root =
    env.PIPEWRIGHT_GROOVY_CLASS_CACHE ?? join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pipewright');
  const hash = createHash('sha256').update(readFileSync(script));
  for (const jar of classpath.split(':')) {
    const { size, mtimeMs } = statSync(jar);
    hash.update(`\0${jar}\0${size}\0${mtimeMs}`);
  }
  hash.update(`\0${jvmOptions.join('\0')}`);
  return join(root, `${CACHE_PREFIX}${hash.digest('hex').slice(0, 16)}`);
}

/**
 * Whether the classes in `dir` may be loaded: the directory is this user's and nobody else may
 * write it, and its files are exactly those MANIFEST.sha256 lists, with those hashes (the server
 * writes the list last, so a half-written or damaged directory fails). A failing directory of
 * this user's is removed, so the next JVM writes it anew.
 */
export function cachedClasses(dir: string): 'trusted' | 'absent' | 'foreign' {
  if (!existsSync(dir)) return 'absent';
  const stat = statSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) return 'foreign';
  if ((stat.mode & 0o022) === 0 && manifestHolds(dir)) return 'trusted';
  rmSync(dir, { recursive: true, force: true });
  return 'absent';
}

function manifestHolds(dir: string): boolean {
  const manifestFile = join(dir, MANIFEST);
  if (!existsSync(manifestFile)) return false;
  const listed = new Map<string, string>();
  for (const line of readFileSync(manifestFile, 'utf8').split('\n')) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (match) listed.set(match[2]!, match[1]!);
  }
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .filter((file) => file !== MANIFEST);
  if (files.length === 0 || files.length !== listed.size) return false;
  return files.every((file) => {
    const stat = statSync(join(dir, file));
    if (!stat.isFile() || (stat.mode & 0o022) !== 0) return false;
    return (
      listed.get(file) ===
      createHash('sha256')
        .update(readFileSync(join(dir, file)))
        .digest('hex')
    );
  });
}

/** Its time says when a call last used it (pruneSiblings reads it); a cache that cannot be touched still works. */
function markUsed(dir: string): void {
  try {
    const now = new Date();
    utimesSync(dir, now, now);
  } catch {
    // read-only cache: it is only never pruned
  }
}

/**
 * Before a new cache is written: removes this user's caches beside it that no call used for 30
 * days, and half-written ones an hour old. Other users' entries and anything else stay.
 */
function pruneSiblings(cache: string): void {
  const root = dirname(cache);
  const uid = process.getuid?.();
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith(CACHE_PREFIX) || name === basename(cache)) continue;
    const path = join(root, name);
    try {
      const stat = lstatSync(path);
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue;
      const unusedFor = name.includes('.') ? ABANDONED_WRITE_MS : UNUSED_CACHE_MS;
      if (now - stat.mtimeMs > unusedFor) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
}
