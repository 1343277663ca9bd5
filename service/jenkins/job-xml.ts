import type { PipelineModel } from '../../src/index.js';
import { leaf, writeXml, type XmlElement } from './xml-tree.js';

/** The build parameters every pipewright job declares, beside the pipeline's own. */
export const SERVICE_PARAMETERS = {
  runId: 'PIPEWRIGHT_RUN_ID',
  url: 'PIPEWRIGHT_URL',
  token: 'PIPEWRIGHT_RUN_TOKEN',
} as const;

type Parameter = NonNullable<PipelineModel['parameters']>[number];

/** Jenkins core's parameter definition classes (hudson.model.*ParameterDefinition). */
const PARAMETER_CLASSES: Record<NonNullable<Parameter['type']>, string> = {
  string: 'hudson.model.StringParameterDefinition',
  text: 'hudson.model.TextParameterDefinition',
  boolean: 'hudson.model.BooleanParameterDefinition',
  choice: 'hudson.model.ChoiceParameterDefinition',
  password: 'hudson.model.PasswordParameterDefinition',
};

function parameter(p: Parameter): XmlElement {
  const type = p.type ?? 'string';
  const children: XmlElement[] = [leaf('name', p.name), leaf('description', p.description ?? '')];
  if (type === 'choice')
    children.push({
      name: 'choices',
      attributes: { class: 'java.util.Arrays$ArrayList' },
      children: [
        {
          name: 'a',
          attributes: { class: 'string-array' },
          children: (p.choices ?? []).map((c) => leaf('string', c)),
        },
      ],
    });
  else if (type !== 'password')
    children.push(leaf('defaultValue', p.default === undefined ? '' : String(p.default)));
  if (type === 'string') children.push(leaf('trim', false));
  return { name: PARAMETER_CLASSES[type], children };
}

/** Where a job's Jenkinsfile comes from. */
export type JobDefinition =
  | { kind: 'script'; script: string }
  | { kind: 'scm'; git: string; branch: string; credentialsId?: string; scriptPath: string };

function definition(d: JobDefinition): XmlElement {
  if (d.kind === 'script')
    return {
      name: 'definition',
      attributes: { class: 'org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition', plugin: 'workflow-cps' },
      children: [leaf('script', d.script), leaf('sandbox', true)],
    };
  const remote: XmlElement[] = [leaf('url', d.git)];
  if (d.credentialsId) remote.push(leaf('credentialsId', d.credentialsId));
  return {
    name: 'definition',
    attributes: { class: 'org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition', plugin: 'workflow-cps' },
    children: [
      {
        name: 'scm',
        attributes: { class: 'hudson.plugins.git.GitSCM', plugin: 'git' },
        children: [
          leaf('configVersion', 2),
          {
            name: 'userRemoteConfigs',
            children: [{ name: 'hudson.plugins.git.UserRemoteConfig', children: remote }],
          },
          {
            name: 'branches',
            children: [{ name: 'hudson.plugins.git.BranchSpec', children: [leaf('name', `*/${d.branch}`)] }],
          },
        ],
      },
      leaf('scriptPath', d.scriptPath),
      leaf('lightweight', true),
    ],
  };
}

/**
 * A Pipeline job (workflow-job's flow-definition) as Jenkins stores it in config.xml: the
 * parameters of the model (give it modelForJenkins' model, which adds the service's), its cron triggers, and its Jenkinsfile, written
 * into the job or read from the repository.
 */
export function pipelineJobXml(model: PipelineModel, d: JobDefinition): string {
  const parameters = (model.parameters ?? []).map(parameter);
  const cron = (model.triggers ?? []).flatMap((t) => (t.type === 'cron' ? [t.schedule] : []));
  const properties: XmlElement[] = [
    {
      name: 'hudson.model.ParametersDefinitionProperty',
      children: [{ name: 'parameterDefinitions', children: parameters }],
    },
  ];
  if (cron.length)
    properties.push({
      name: 'org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty',
      children: [
        {
          name: 'triggers',
          children: [{ name: 'hudson.triggers.TimerTrigger', children: [leaf('spec', cron.join('\n'))] }],
        },
      ],
    });
  return writeXml({
    name: 'flow-definition',
    attributes: { plugin: 'workflow-job' },
    children: [
      leaf('description', model.description ?? ''),
      leaf('keepDependencies', false),
      { name: 'properties', children: properties },
      definition(d),
      leaf('disabled', false),
    ],
  });
}

/** The folder (cloudbees-folder) that holds a pipeline group's jobs. */
export function groupFolderXml(group: string): string {
  return writeXml({
    name: 'com.cloudbees.hudson.plugins.folder.Folder',
    attributes: { plugin: 'cloudbees-folder' },
    children: [leaf('description', `pipewright pipelines of the group ${group}`)],
  });
}
