import type { JobPath } from './jenkins-api.js';

/** Where people look at a build: its page, Pipeline Graph View's graph and Blue Ocean's run page. */
export interface BuildLinks {
  build: string;
  graph: string;
  blueOcean: string;
}

/**
 * `buildUrl` is the `url` Jenkins reports for the build (absolute, ends in `/`). The graph is
 * pipeline-graph-view's run action (`pipeline-graph`); Blue Ocean names a job in a folder by its
 * full name with the slash encoded.
 */
export function buildLinks(jenkinsUrl: string, job: JobPath, number: number, buildUrl: string): BuildLinks {
  const root = jenkinsUrl.replace(/\/+$/, '');
  const build = buildUrl.endsWith('/') ? buildUrl : buildUrl + '/';
  return {
    build,
    graph: `${build}pipeline-graph/`,
    blueOcean: `${root}/blue/organizations/jenkins/${encodeURIComponent(`${job.folder}/${job.name}`)}/detail/${encodeURIComponent(job.name)}/${number}/pipeline`,
  };
}
