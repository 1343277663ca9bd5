import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { GitMirrors } from '../git/git-mirrors.js';
import { SecretBox } from '../git/secret-box.js';
import { ReleaseService } from '../releases/release-service.js';

declare module 'fastify' {
  interface FastifyInstance {
    releases: ReleaseService;
  }
}

/**
 * Code releases: git mirrors under `<data dir>/git-mirrors`, the key that seals git credentials,
 * and the release service following every run (a version's build status is its run's).
 */
export const releasesPlugin = fp(
  async (app: FastifyInstance) => {
    const dataDir = app.config.PIPEWRIGHT_DATA_DIR;
    const secrets = app.config.PIPEWRIGHT_SECRET_KEY
      ? SecretBox.fromKey(app.config.PIPEWRIGHT_SECRET_KEY)
      : SecretBox.fromFile(join(dataDir, 'secret.key'));
    const releases = new ReleaseService({
      repos: app.repos,
      runs: app.runs,
      mirrors: new GitMirrors(join(dataDir, 'git-mirrors')),
      secrets,
      dataDir,
      jenkinsUrl: app.config.PIPEWRIGHT_JENKINS_URL,
      onError: (error) => app.log.error({ err: error }, 'release service error'),
    });
    const off = releases.follow();
    // A push to a registered repository that asks for it records an offline candidate build.
    const offPush = app.webhooks.onPush(async (event) => {
      if (event.deleted) return;
      const push = {
        commit: event.commit,
        branch: event.branch,
        tag: event.tag,
        author: event.author ?? event.pusher ?? 'unknown',
        message: event.message ?? '',
      };
      await releases.recordPushCandidates(event.repositoryUrls, push);
    });
    app.addHook('onClose', async () => {
      off();
      offPush();
    });
    app.decorate('releases', releases);
  },
  { name: 'releases', dependencies: ['database', 'runs', 'webhooks'] },
);
