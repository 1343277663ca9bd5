/**
 * Jobs and folders, after Jenkins core's remote API: `createItem?name=` (ItemGroupMixIn.
 * createTopLevelItem: the body is the item's config.xml, sent as application/xml or text/xml),
 * `config.xml` (GET reads, POST replaces: AbstractItem.doConfigDotXml), `doDelete` (POST,
 * answers with a redirect), `api/json` (HEAD/GET; 404 for a missing item).
 */
import { json, redirect, text, type FakeJenkins, type Route, type RouteContext } from './fake-jenkins.js';
import { childNamed, parseXml, textOf, XmlSyntaxError, type XmlNode } from './strict-xml.js';
import { jobKey, type FakeJob } from './state.js';

const FOLDER_ROOT = 'com.cloudbees.hudson.plugins.folder.Folder';
const JOB_ROOT = 'flow-definition';
/** Jenkins.checkGoodName's unsafe characters. */
const BAD_NAME = /[?*/\\%!@#$^&|<>[\]:;]/;

function readXml(ctx: RouteContext): XmlNode | string {
  const type = ctx.req.headers['content-type'] ?? '';
  if (!type.startsWith('application/xml') && !type.startsWith('text/xml'))
    return `config.xml must be sent as application/xml or text/xml, got ${type || 'none'}`;
  try {
    return parseXml(ctx.body.toString('utf8'));
  } catch (error) {
    // Jenkins answers a malformed config with a 500 and the parser's message.
    return error instanceof XmlSyntaxError ? `500:${error.message}` : String(error);
  }
}

function answerBadXml(ctx: RouteContext, problem: string): void {
  if (problem.startsWith('500:'))
    text(ctx.res, 500, `java.io.IOException: Unable to read ${problem.slice(4)}`);
  else text(ctx.res, 400, problem);
}

function jobFrom(
  root: XmlNode,
  folder: string,
  name: string,
  xml: string,
  previous?: FakeJob,
): FakeJob | string {
  if (root.name !== JOB_ROOT) return `expected <${JOB_ROOT}>, got <${root.name}>`;
  const definition = childNamed(root, 'definition');
  const cls = definition?.attributes.class;
  if (
    cls !== 'org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition' &&
    cls !== 'org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition'
  )
    return `unknown definition class ${cls}`;
  const parameters = new Map<string, { password: boolean; default: string }>();
  const defs = childNamed(
    childNamed(childNamed(root, 'properties'), 'hudson.model.ParametersDefinitionProperty'),
    'parameterDefinitions',
  );
  for (const d of defs?.children ?? []) {
    if (typeof d === 'string') continue;
    parameters.set(textOf(childNamed(d, 'name')), {
      password: d.name === 'hudson.model.PasswordParameterDefinition',
      default: textOf(childNamed(d, 'defaultValue')),
    });
  }
  return {
    folder,
    name,
    configXml: xml,
    script: textOf(childNamed(definition, 'script')),
    parameters,
    nextBuildNumber: previous?.nextBuildNumber ?? 1,
    builds: previous?.builds ?? new Map(),
  };
}

function createItem(fake: FakeJenkins, ctx: RouteContext): void {
  const name = ctx.url.searchParams.get('name') ?? '';
  if (!name || BAD_NAME.test(name) || name === '.' || name === '..')
    return text(ctx.res, 400, `bad item name '${name}'`);
  const root = readXml(ctx);
  if (typeof root === 'string') return answerBadXml(ctx, root);
  const xml = ctx.body.toString('utf8');
  if (ctx.jobPath.length === 0) {
    if (root.name !== FOLDER_ROOT)
      return text(ctx.res, 400, `the fake keeps only folders at the top, got <${root.name}>`);
    if (fake.folders.has(name)) return text(ctx.res, 400, `A job already exists with the name '${name}'`);
    fake.folders.add(name);
    return text(ctx.res, 200, '');
  }
  const [folder] = ctx.jobPath;
  if (ctx.jobPath.length !== 1 || !fake.folders.has(folder!)) return text(ctx.res, 404, 'Not Found');
  if (fake.jobs.has(jobKey(folder!, name)))
    return text(ctx.res, 400, `A job already exists with the name '${name}'`);
  const job = jobFrom(root, folder!, name, xml);
  if (typeof job === 'string') return text(ctx.res, 500, job);
  fake.jobs.set(jobKey(folder!, name), job);
  text(ctx.res, 200, '');
}

function jobOf(fake: FakeJenkins, ctx: RouteContext): FakeJob | undefined {
  return ctx.jobPath.length === 2 ? fake.job(ctx.jobPath[0]!, ctx.jobPath[1]!) : undefined;
}

export const jobRoutes: Route[] = [
  { method: 'POST', path: /^createItem$/, kind: 'job', handle: createItem },
  {
    method: 'GET',
    path: /^config\.xml$/,
    kind: 'job',
    handle(fake, ctx) {
      const job = jobOf(fake, ctx);
      if (!job) return text(ctx.res, 404, 'Not Found');
      ctx.res.writeHead(200, { 'content-type': 'application/xml;charset=utf-8' });
      // Jenkins writes configs back as XML 1.1 with its own declaration.
      ctx.res.end(job.configXml.replace(/^<\?xml[^?]*\?>/, "<?xml version='1.1' encoding='UTF-8'?>"));
    },
  },
  {
    method: 'POST',
    path: /^config\.xml$/,
    kind: 'job',
    handle(fake, ctx) {
      const job = jobOf(fake, ctx);
      if (!job) return text(ctx.res, 404, 'Not Found');
      const root = readXml(ctx);
      if (typeof root === 'string') return answerBadXml(ctx, root);
      const updated = jobFrom(root, job.folder, job.name, ctx.body.toString('utf8'), job);
      if (typeof updated === 'string') return text(ctx.res, 500, updated);
      fake.jobs.set(jobKey(job.folder, job.name), updated);
      text(ctx.res, 200, '');
    },
  },
  {
    method: 'POST',
    path: /^doDelete$/,
    kind: 'job',
    handle(fake, ctx) {
      const job = jobOf(fake, ctx);
      if (!job) return text(ctx.res, 404, 'Not Found');
      for (const b of job.builds.values()) if (b.building) fake.engine.stop(b);
      fake.jobs.delete(jobKey(job.folder, job.name));
      redirect(ctx.res, fake.url + `job/${encodeURIComponent(job.folder)}/`);
    },
  },
  {
    method: 'GET',
    path: /^api\/json$/,
    kind: 'job',
    handle(fake, ctx) {
      if (ctx.jobPath.length === 1) {
        if (!fake.folders.has(ctx.jobPath[0]!)) return text(ctx.res, 404, 'Not Found');
        return json(ctx.res, 200, {
          _class: 'com.cloudbees.hudson.plugins.folder.Folder',
          name: ctx.jobPath[0],
        });
      }
      const job = jobOf(fake, ctx);
      if (!job) return text(ctx.res, 404, 'Not Found');
      const builds = [...job.builds.values()].reverse().slice(0, 100);
      json(ctx.res, 200, {
        _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
        name: job.name,
        builds: builds.map((b) => ({
          _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
          number: b.number,
          actions: [
            { _class: 'hudson.model.ParametersAction', parameters: visibleParameters(job, b.parameters) },
          ],
        })),
      });
    },
  },
];

/** Parameter values as the remote API shows them: a password parameter's value is not exported. */
export function visibleParameters(job: FakeJob, values: Record<string, string>) {
  return Object.entries(values).map(([name, value]) =>
    job.parameters.get(name)?.password
      ? { _class: 'hudson.model.PasswordParameterValue', name }
      : { _class: 'hudson.model.StringParameterValue', name, value },
  );
}
