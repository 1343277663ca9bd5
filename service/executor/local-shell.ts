import { spawn } from 'node:child_process';
import { endCookieProcesses, RUN_COOKIE_VARIABLE } from './process-cookies.js';

/** Milliseconds between SIGTERM and SIGKILL when a step is cancelled or times out. */
export const KILL_GRACE_MS = 3000;
/** How long output may still arrive after a step's shell has exited (pipes held by children). */
const DRAIN_MS = 200;

export interface ShellOptions {
  cwd: string;
  env: Record<string, string>;
  /** The run's cookie: every process the step starts carries it. */
  cookie: string;
  signal: AbortSignal;
  /** Run as this user instead of the service's own (the service must be root). */
  runAs?: { uid: number; gid: number } | null;
  onOutput: (text: string) => void;
  onError: (message: string) => void;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Runs a shell script in its own process group; resolves with its exit code (-1 when killed).
 * It resolves when the shell exits, not when its output pipes close: a background child that
 * keeps them open must not hold the step. Cancelling ends the group and every process carrying
 * the run's cookie, so children that left the group (`setsid`) go too.
 */
export function runShell(script: string, o: ShellOptions): Promise<number> {
  return new Promise((resolve) => {
    if (o.signal.aborted) return resolve(-1);
    const child = spawn('/bin/sh', ['-ec', script], {
      cwd: o.cwd,
      env: { ...o.env, [RUN_COOKIE_VARIABLE]: o.cookie },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(o.runAs ? { uid: o.runAs.uid, gid: o.runAs.gid } : {}),
    });
    const pid = child.pid;
    child.stdout.on('data', (chunk: Buffer) => o.onOutput(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => o.onOutput(chunk.toString('utf8')));
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      if (pid) killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => pid && killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
      void endCookieProcesses((cookie) => cookie === o.cookie, KILL_GRACE_MS);
    };
    o.signal.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const settle = (code: number) => {
      if (settled) return;
      settled = true;
      o.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (pid) killGroup(pid, 'SIGKILL'); // whatever the script left running in its group
      resolve(code);
    };
    child.on('error', (error) => {
      o.onError(error.message);
      settle(-1);
    });
    child.on('exit', (code) => {
      // Let output already in the pipes arrive, then stop listening: a detached child may hold them.
      const drain = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        settle(code ?? -1);
      }, DRAIN_MS);
      child.once('close', () => {
        clearTimeout(drain);
        settle(code ?? -1);
      });
    });
  });
}
