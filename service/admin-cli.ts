import { randomBytes } from 'node:crypto';
import { removeInitialAdminPassword } from './auth/initial-admin-password.js';
import { hashPassword } from './auth/passwords.js';
import { ConfigError, initialAdminPasswordFile, loadConfig, sqliteFile } from './config.js';
import { migrate, openDatabase } from './db/open-database.js';
import { ADMIN_USERNAME } from './plugins/database.js';
import { UserRepository } from './repositories/users.js';

export interface AdminCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal: a password is only shown where no log keeps it. */
  stdoutIsTerminal: boolean;
}

const USAGE = `Usage: pipewright admin reset-password USER [--to-stdout]

Sets a new random password for USER in the configured database (PIPEWRIGHT_DATABASE_URL, or
the SQLite file in PIPEWRIGHT_DATA_DIR), ends every session and API token of the account, and
shows the password once. It is printed only to a terminal; --to-stdout prints it to a
redirected stdout as well.

Exit codes: 0 done, 1 no such user, 2 usage or configuration error.`;

/**
 * `pipewright admin ...`: commands for the operator of the host, run against the service's
 * database directly (no API, so they work when nobody can sign in).
 */
export async function runAdminCli(
  argv: string[],
  io: AdminCliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, username, ...rest] = argv;
  const toStdout = rest.includes('--to-stdout');
  const unknown = rest.filter((a) => a !== '--to-stdout');
  if (command !== 'reset-password' || !username || username.startsWith('-') || unknown.length > 0) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  if (!io.stdoutIsTerminal && !toStdout) {
    io.stderr(
      'pipewright: stdout is not a terminal; pass --to-stdout to print the new password there anyway\n',
    );
    return 2;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`pipewright: invalid configuration\n${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const open = openDatabase({ url: config.PIPEWRIGHT_DATABASE_URL, sqliteFile: sqliteFile(config) });
  try {
    await migrate(open);
    const users = new UserRepository(open.db);
    const user = await users.findByUsername(username);
    if (!user) {
      io.stderr(`pipewright: no user ${JSON.stringify(username)}\n`);
      return 1;
    }
    const password = randomBytes(18).toString('base64url');
    await users.update(user.id, { passwordHash: await hashPassword(password) }, []);
    if (user.username === ADMIN_USERNAME) removeInitialAdminPassword(initialAdminPasswordFile(config));
    io.stdout(
      `New password for ${user.username}: ${password}\n` +
        'Every session and API token of the account has ended. This is the only time it is shown.\n' +
        (user.disabled ? 'The account is disabled: an admin has to enable it before it can sign in.\n' : ''),
    );
    return 0;
  } finally {
    await open.db.destroy();
  }
}
