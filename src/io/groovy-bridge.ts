import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { GroovyStatement } from '../declarative/groovy-tree.js';
import { syntaxServerArguments } from './groovy-class-cache.js';

/** Where Debian's `groovy` package puts Groovy 2.4, the version Jenkins core embeds. */
export const DEFAULT_GROOVY_LIB = '/usr/share/groovy/lib';
const DEBIAN_JDK17 = '/usr/lib/jvm/java-17-openjdk-amd64';
/**
 * One GC thread leaves the second core to Node. The C1 compiler alone (TieredStopAtLevel=1)
 * starts the JVM in about half the time and, measured with npm run bench:import on two busy
 * cores, halves the cost per file over 100 Jenkinsfiles too: C2's compile threads cost more
 * than its faster code gives back at this scale (rechecked with bench:import's marginal cost
 * per file, (T100 - T1) / 99: about 46 ms with C2 against 21 ms, same run, loaded machine).
 *
 * -XX:-StackTraceInThrowable: Groovy 2.4's ANTLR 2 parser decides many constructs by guessing
 * (syntactic predicates), and every wrong guess is an exception thrown and caught; filling in
 * their stack traces was about 80% of a file's parse (3.5 ms -> 0.7 ms per file, steady state),
 * and bench:import's marginal cost per file fell from 36 to 19 ms in one run and from 26 to 22 ms
 * of CPU in another (loaded machine). Nothing reads a stack trace: the server answers with
 * exceptions' toString(), and Groovy 2.4's own uses only print them.
 */
const JVM_OPTIONS = (
  process.env.PIPEWRIGHT_GROOVY_JVM_OPTIONS ??
  '-XX:+UseSerialGC -Xss4m -XX:TieredStopAtLevel=1 -XX:-StackTraceInThrowable'
)
  .split(' ')
  .filter(Boolean);

export interface GroovyError {
  line: number;
  column: number;
  message: string;
}

export interface CompileResult {
  ok: boolean;
  errors: GroovyError[];
}

export interface TreeResult extends CompileResult {
  statements?: GroovyStatement[];
  /** With `compile`: what class generation reported after the tree was taken. */
  compileErrors?: GroovyError[];
}

export class GroovyUnavailableError extends Error {
  readonly code = 'GROOVY_UNAVAILABLE';
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

function findServerScript(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'scripts', 'groovy', 'GroovySyntaxServer.groovy');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new GroovyUnavailableError(
    'scripts/groovy/GroovySyntaxServer.groovy not found beside the pipewright package',
  );
}

/** The java binary: $JAVA_HOME first, then Debian's JDK 17, then whatever `java` the PATH has. */
export function findJava(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.JAVA_HOME && join(env.JAVA_HOME, 'bin', 'java'), join(DEBIAN_JDK17, 'bin', 'java')];
  for (const c of candidates) if (c && existsSync(c)) return c;
  return 'java';
}

/** The class path of Groovy 2.4 (core + JSON). Refuses any other Groovy: Jenkins runs 2.4. */
export function findGroovyClasspath(env: NodeJS.ProcessEnv = process.env): string {
  const lib = env.PIPEWRIGHT_GROOVY_LIB ?? DEFAULT_GROOVY_LIB;
  const files = existsSync(lib) ? readdirSync(lib) : [];
  const core = files.find((f) => /^groovy-2\.4\.\d+\.jar$/.test(f)) ?? files.find((f) => f === 'groovy.jar');
  const json = files.find((f) => /^groovy-json(-2\.4\.\d+)?\.jar$/.test(f));
  if (!core || !json) {
    throw new GroovyUnavailableError(
      `Groovy 2.4 not found in ${lib} (set PIPEWRIGHT_GROOVY_LIB, or run scripts/install-test-deps.sh, which installs Debian's groovy package)`,
    );
  }
  return [join(lib, core), join(lib, json)].join(':');
}

/**
 * One long-lived JVM running Groovy 2.4's own compiler, so many files are checked for the cost
 * of one JVM start. Requests may be sent without waiting for answers (send them all at once for
 * a batch); the JVM answers them on one thread per core, matched back by id.
 */
export class GroovyBridge {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderr = '';
  private exited = false;

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.child = child;
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => this.onLine(line));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('exit', (code) => {
      this.exited = true;
      const error = new GroovyUnavailableError(
        `Groovy bridge exited with code ${code}: ${this.stderr.trim()}`,
      );
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
  }

  /** Starts the syntax server, or another line-protocol Groovy script (tests' step harness). */
  static start(env: NodeJS.ProcessEnv = process.env, script?: string): GroovyBridge {
    const classpath = findGroovyClasspath(env);
    const args = script
      ? ['-cp', classpath, 'groovy.ui.GroovyMain', script]
      : syntaxServerArguments(findServerScript(), classpath, JVM_OPTIONS, env);
    const child = spawn(findJava(env), [...JVM_OPTIONS, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    return new GroovyBridge(child);
  }

  /**
   * Compiles the source to bytecode, as Jenkins does before running a Jenkinsfile. A class only
   * Jenkins' plugins provide (`import jenkins.model.Jenkins`) is not reported.
   */
  compile(source: string, name = 'Jenkinsfile'): Promise<CompileResult> {
    return this.request('compile', source, name);
  }

  /**
   * Parses the source and returns its generic call tree (see groovy-tree.ts); with `compile`,
   * also compiles it to bytecode from the same parse.
   */
  tree(source: string, name = 'Jenkinsfile', options: { compile?: boolean } = {}): Promise<TreeResult> {
    return this.send<TreeResult>({ op: 'tree', name, source, ...(options.compile ? { compile: true } : {}) });
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    await done;
  }

  private request(op: string, source: string, name: string): Promise<TreeResult> {
    return this.send<TreeResult>({ op, name, source });
  }

  /** Sends one JSON request line to the script; resolves with its answer (the `id` is added here). */
  send<T>(payload: object): Promise<T> {
    if (this.exited)
      return Promise.reject(new GroovyUnavailableError(`Groovy bridge is not running: ${this.stderr}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.stdin.write(JSON.stringify({ ...payload, id }) + '\n');
    });
  }

  private onLine(line: string): void {
    let message: TreeResult & { id?: number };
    try {
      message = JSON.parse(line) as TreeResult & { id?: number };
    } catch {
      this.stderr += `\nunexpected output: ${line.slice(0, 200)}`;
      return;
    }
    const pending = message.id === undefined ? undefined : this.pending.get(message.id);
    if (!pending || message.id === undefined) return;
    this.pending.delete(message.id);
    const { id: _id, ...result } = message;
    pending.resolve(result);
  }
}
