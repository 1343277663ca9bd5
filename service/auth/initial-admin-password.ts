import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';

/**
 * The generated first admin password lives in one file only its owner can read (as Jenkins'
 * secrets/initialAdminPassword), never in stdout or a log. It is removed once the password is
 * changed, when it no longer opens anything.
 */
export function writeInitialAdminPassword(file: string, password: string): void {
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // the mode above applies only to a file that did not exist
}

/** Returns whether a file was there to remove. */
export function removeInitialAdminPassword(file: string): boolean {
  if (!existsSync(file)) return false;
  rmSync(file, { force: true });
  return true;
}
