import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from the source tree (tests) or from dist/ (benchmarks). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'service', 'server.ts'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (service/server.ts)');
    dir = up;
  }
  return dir;
}

const ROOT = repositoryRoot();

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real service process (service/server.ts) with `env` on top of the test's own and
 * resolves once /readyz answers 200.
 */
export async function startServiceProcess(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'service/server.ts')], {
    cwd: ROOT,
    env: { ...process.env, PIPEWRIGHT_PORT: String(port), PIPEWRIGHT_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  // Generous: a loaded CI machine compiles the TypeScript slowly.
  for (let i = 0; i < 1200 && !exited; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`service on port ${port} did not become ready${exited ? `: ${exited}` : ''}`);
}
