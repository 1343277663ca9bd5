import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every process of a local build carries its run's cookie in the environment, as Jenkins'
 * ProcessTreeKiller marks build processes with BUILD_ID / JENKINS_NODE_COOKIE. A child that
 * leaves its process group (`setsid cmd &`) keeps the variable, so it can still be found.
 */
export const RUN_COOKIE_VARIABLE = 'PIPEWRIGHT_RUN_COOKIE';

/** Processes (pid -> cookie) carrying a run cookie, read from /proc; empty where /proc is missing. */
export function processesWithCookies(): Map<number, string> {
  const found = new Map<number, string>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  const prefix = `${RUN_COOKIE_VARIABLE}=`;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue; // gone already, or another user's process
    }
    for (const variable of environ.split('\0')) {
      if (variable.startsWith(prefix)) {
        found.set(pid, variable.slice(prefix.length));
        break;
      }
    }
  }
  return found;
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // exited meanwhile
    }
  }
}

/**
 * Ends every process whose cookie `shouldEnd` picks: SIGTERM, then SIGKILL after `graceMs` for
 * whatever is still there. Resolves with how many processes it found.
 */
export async function endCookieProcesses(
  shouldEnd: (cookie: string) => boolean,
  graceMs: number,
): Promise<number> {
  const pids = [...processesWithCookies()].filter(([, cookie]) => shouldEnd(cookie)).map(([pid]) => pid);
  if (pids.length === 0) return 0;
  signalAll(pids, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const left = processesWithCookies();
    if (!pids.some((pid) => left.has(pid))) return pids.length;
  }
  const left = processesWithCookies();
  signalAll(
    pids.filter((pid) => left.has(pid)),
    'SIGKILL',
  );
  return pids.length;
}
