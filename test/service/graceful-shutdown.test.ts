import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('stopping the service on SIGTERM', () => {
  it('GIVEN a request in flight WHEN SIGTERM arrives THEN new connections are refused, the request is answered, and the process exits 0', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'service/server.ts'], {
      cwd: new URL('../../', import.meta.url).pathname,
      env: {
        ...process.env,
        PIPEWRIGHT_DATA_DIR: mkdtempSync(join(tmpdir(), 'pipewright-shutdown-')),
        PIPEWRIGHT_PORT: String(port),
        PIPEWRIGHT_ADMIN_PASSWORD: 'admin-password-for-shutdown',
        // Longer than the test may take: the process must stop by draining, not by the deadline.
        PIPEWRIGHT_SHUTDOWN_DRAIN_SECONDS: '300',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    for (let i = 0; i < 600 && !stdout.includes('pipewright listening'); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(stdout).toContain('pipewright listening');

    // A sign-in whose body is still on its way when the signal comes.
    const body = JSON.stringify({ username: 'admin', password: 'admin-password-for-shutdown' });
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(
      `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    for (let i = 0; i < 100 && !stdout.includes('shutting down'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(stdout).toContain('shutting down');

    const refused = await new Promise<string>((resolve) => {
      const late = connect(port, '127.0.0.1');
      late.once('connect', () => {
        late.destroy();
        resolve('connected');
      });
      late.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');

    socket.write(body.slice(10));
    // The answer comes with Connection: close, and the server then closes the connection.
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"token"');
    expect(await exited).toBe(0);
    expect(stdout).toContain('"msg":"stopped"');
    expect(stdout).not.toContain('drain deadline');
  }, 90_000);
});
