import {
  API_GROUP,
  API_VERSION,
  TEST_CASE_DEFAULTS,
  TEST_CASE_PLURAL,
  TEST_SUMMARY_PLURAL,
} from './test-case-resource.js';
import { SUMMARY_PHASES, TEST_CASE_PHASES } from './test-case-phase.js';

/**
 * The CustomResourceDefinitions of TestCase and TestSummary, from the same constants the operator
 * uses. scripts/generate-crds.ts writes them into the chart; a test fails when the chart is stale.
 */
type Schema = Record<string, unknown>;

const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
const int = (description: string, extra: Schema = {}): Schema => ({
  type: 'integer',
  format: 'int32',
  description,
  ...extra,
});
const time = (description: string): Schema => ({ type: 'string', format: 'date-time', description });
const strings = (description: string): Schema => ({ type: 'array', items: { type: 'string' }, description });

const testCaseSpec: Schema = {
  type: 'object',
  description: 'One execution of one case of a test plan.',
  required: ['planRun', 'caseName'],
  properties: {
    planRun: str('Id of the plan run; the TestSummary of this name counts the case', {
      minLength: 1,
      maxLength: 253,
    }),
    caseName: str('Name of the case inside its plan', { minLength: 1, maxLength: 253 }),
    image: str('Image of the test container (or give compose)', { minLength: 1 }),
    command: strings(
      'Entrypoint of the test container; required on clusters without native sidecars, where it is wrapped',
    ),
    args: strings('Arguments of the test container'),
    env: {
      type: 'array',
      description: 'Environment of the test container',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: str('Variable name', { minLength: 1 }), value: str('Value', { default: '' }) },
      },
    },
    compose: {
      type: 'object',
      description: 'A case defined by a docker-compose file: its services become the containers of one pod',
      required: ['files'],
      properties: {
        files: {
          type: 'array',
          minItems: 1,
          description: 'The compose file first, then the env files it names',
          items: {
            type: 'object',
            required: ['name', 'content'],
            properties: {
              name: str('File name as the compose file refers to it'),
              content: str('File content'),
            },
          },
        },
        testService: str(
          'Service whose exit code is the result; default: the one no other service depends on',
        ),
        variables: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'Values for ${VAR} interpolation',
        },
      },
    },
    timeoutSeconds: int('Seconds the pod may run before Kubernetes stops it (activeDeadlineSeconds)', {
      minimum: 1,
      default: TEST_CASE_DEFAULTS.timeoutSeconds,
    }),
    retries: int('Further attempts after a failed one', {
      minimum: 0,
      maximum: 10,
      default: TEST_CASE_DEFAULTS.retries,
    }),
    resources: {
      type: 'object',
      description:
        "Requests of the test container; memory is also its limit (a leak is OOMKilled, not the node's problem)",
      properties: {
        cpu: str('CPU quantity, e.g. 500m'),
        memory: str('Memory quantity, e.g. 512Mi'),
      },
    },
    exitDelaySeconds: int(
      'Seconds the collector sidecar may take after the test ends to upload logs and reports',
      {
        minimum: 0,
        maximum: 600,
        default: TEST_CASE_DEFAULTS.exitDelaySeconds,
      },
    ),
  },
  'x-kubernetes-validations': [
    { rule: 'has(self.image) != has(self.compose)', message: 'a case has either image or compose' },
  ],
};

const testCaseStatus: Schema = {
  type: 'object',
  description: 'Written by the operator only',
  properties: {
    phase: str('Pending, Running, Passed, Failed (ran and did not pass) or Error (could not run)', {
      enum: [...TEST_CASE_PHASES],
    }),
    attempt: int('Attempt the status describes, from 1', { minimum: 0 }),
    podName: str('Pod of the attempt'),
    exitCode: int('Exit code of the test container'),
    reason: str(
      'Machine-readable cause: Completed, ExitCode, OOMKilled, Evicted, DeadlineExceeded, ImagePullError, PodDeleted, InvalidCase, ...',
    ),
    message: str('What happened, for people'),
    startedAt: time('When the first attempt started running'),
    finishedAt: time('When the result was recorded'),
    logLocation: str("API path of the test container's log"),
    artifactLocation: str('Where the collector uploaded logs and reports'),
  },
};

const counts: Schema = {
  type: 'object',
  description: 'Cases by phase',
  required: [...TEST_CASE_PHASES],
  properties: Object.fromEntries(TEST_CASE_PHASES.map((p) => [p, int(`Cases in ${p}`, { minimum: 0 })])),
};

function crd(
  kind: string,
  plural: string,
  shortName: string,
  spec: Schema,
  status: Schema,
  columns: Schema[],
) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${API_GROUP}` },
    spec: {
      group: API_GROUP,
      scope: 'Namespaced',
      names: {
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
        shortNames: [shortName],
        categories: ['pipewright'],
      },
      versions: [
        {
          name: API_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            ...columns,
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: { openAPIV3Schema: { type: 'object', required: ['spec'], properties: { spec, status } } },
        },
      ],
    },
  };
}

export const TEST_CASE_CRD = crd('TestCase', TEST_CASE_PLURAL, 'tc', testCaseSpec, testCaseStatus, [
  { name: 'Plan Run', type: 'string', jsonPath: '.spec.planRun' },
  { name: 'Case', type: 'string', jsonPath: '.spec.caseName' },
  { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  { name: 'Exit', type: 'integer', jsonPath: '.status.exitCode' },
  { name: 'Reason', type: 'string', jsonPath: '.status.reason' },
  { name: 'Attempt', type: 'integer', jsonPath: '.status.attempt', priority: 1 },
  { name: 'Pod', type: 'string', jsonPath: '.status.podName', priority: 1 },
]);

export const TEST_SUMMARY_CRD = crd(
  'TestSummary',
  TEST_SUMMARY_PLURAL,
  'ts',
  {
    type: 'object',
    description: 'One run of a test plan',
    required: ['planRun'],
    properties: {
      planRun: str('Id of the plan run whose TestCases this summary counts', {
        minLength: 1,
        maxLength: 253,
      }),
      total: int('Number of cases the run has; without it the run ends when every case seen so far has', {
        minimum: 0,
      }),
    },
  },
  {
    type: 'object',
    description: 'Written by the operator only',
    properties: {
      phase: str('Pending, Running, Passed, Failed or Error', { enum: [...SUMMARY_PHASES] }),
      total: int('Cases expected', { minimum: 0 }),
      counts,
      startedAt: time('When the first case started running'),
      finishedAt: time('When the last case finished'),
    },
  },
  [
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Total', type: 'integer', jsonPath: '.status.total' },
    { name: 'Passed', type: 'integer', jsonPath: '.status.counts.Passed' },
    { name: 'Failed', type: 'integer', jsonPath: '.status.counts.Failed' },
    { name: 'Error', type: 'integer', jsonPath: '.status.counts.Error' },
  ],
);

export const CUSTOM_RESOURCE_DEFINITIONS = [TEST_CASE_CRD, TEST_SUMMARY_CRD] as const;
