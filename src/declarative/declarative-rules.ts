/**
 * Every rule pipewright applies to a Declarative pipeline, keyed by a stable id that problems
 * carry (`Problem.rule`). `jenkins` names the message key of Jenkins' validator or parser
 * (pipeline-model-definition's Messages.properties) that the rule mirrors; rules Jenkins does
 * not have are there only because a Groovy file could not be written otherwise. The table in
 * docs/declarative-rules.md lists the same ids, and test/conformance/declarative-rules.test.ts
 * proves each one with an input that only it rejects.
 */
export const DECLARATIVE_RULES = {
  requiredSection: {
    id: 'required-section',
    jenkins: ['ModelValidatorImpl.RequiredSection', 'ModelValidatorImpl.MissingInputMessage'],
  },
  emptySection: {
    id: 'empty-section',
    jenkins: [
      'ModelValidatorImpl.EmptySection',
      'ModelValidatorImpl.NoEnvVars',
      'ModelValidatorImpl.NoTools',
      'ModelValidatorImpl.EmptyWhen',
      'ModelValidatorImpl.NoSteps',
      'ModelValidatorImpl.NoStages',
      'ModelValidatorImpl.NoAxes',
      'ModelValidatorImpl.NoExcludes',
    ],
  },
  duplicateBuildCondition: {
    id: 'duplicate-build-condition',
    jenkins: ['ModelValidatorImpl.DuplicateBuildCondition'],
  },
  unknownBuildCondition: {
    id: 'unknown-build-condition',
    jenkins: ['ModelValidatorImpl.InvalidBuildCondition'],
  },
  envIdentifier: { id: 'env-identifier', jenkins: ['ModelValidatorImpl.InvalidIdentifierInEnv'] },
  duplicateEnvVar: { id: 'duplicate-env-var', jenkins: ['ModelParser.DuplicateEnvVar'] },
  whenUnknownCondition: {
    id: 'when-unknown-condition',
    jenkins: ['ModelValidatorImpl.UnknownWhenConditional'],
  },
  whenNestedArguments: { id: 'when-nested-arguments', jenkins: ['ModelValidatorImpl.NestedWhenNoArgs'] },
  whenNestedChildren: {
    id: 'when-nested-children',
    jenkins: [
      'ModelValidatorImpl.NestedWhenWithoutChildren',
      'ModelValidatorImpl.NestedWhenWrongChildrenCount',
    ],
  },
  whenNoChildren: { id: 'when-no-children', jenkins: ['ModelValidatorImpl.NoNestedWhenAllowed'] },
  invalidParameter: { id: 'invalid-parameter', jenkins: ['ModelValidatorImpl.InvalidStepParameter'] },
  parameterType: {
    id: 'parameter-type',
    jenkins: ['ModelValidatorImpl.InvalidParameterType', 'ModelValidatorImpl.InvalidUnnamedParameterType'],
  },
  notSingleParameter: {
    id: 'not-single-parameter',
    jenkins: ['ModelValidatorImpl.NotSingleRequiredParameter'],
  },
  tooManyUnnamed: { id: 'too-many-unnamed', jenkins: ['ModelValidatorImpl.TooManyUnnamedParameters'] },
  mixedArguments: { id: 'mixed-arguments', jenkins: ['ModelValidatorImpl.MixedNamedAndUnnamedParameters'] },
  blockedStep: { id: 'blocked-step', jenkins: ['ModelValidatorImpl.BlockedStep'] },
  duplicateOption: { id: 'duplicate-option', jenkins: ['ModelValidatorImpl.DuplicateOptionName'] },
  duplicateTrigger: { id: 'duplicate-trigger', jenkins: ['ModelValidatorImpl.DuplicateTriggerName'] },
  stageName: { id: 'stage-name', jenkins: ['ModelValidatorImpl.NoStageName'] },
  stageBody: {
    id: 'stage-body',
    jenkins: ['ModelValidatorImpl.TwoOfStepsStagesParallel', 'ModelValidatorImpl.NothingForStage'],
  },
  nestedParallel: { id: 'nested-parallel', jenkins: ['ModelValidatorImpl.NoNestedWithinNestedStages'] },
  agentInParallelStage: {
    id: 'agent-in-parallel-stage',
    jenkins: ['ModelValidatorImpl.AgentInNestedStages', 'ModelValidatorImpl.ToolsInNestedStages'],
  },
  duplicateParallelBranch: {
    id: 'duplicate-parallel-branch',
    jenkins: ['ModelValidatorImpl.DuplicateParallelName'],
  },
  duplicateStageName: { id: 'duplicate-stage-name', jenkins: ['ModelValidatorImpl.DuplicateStageName'] },
  duplicateAxis: { id: 'duplicate-axis', jenkins: ['ModelValidatorImpl.DuplicateAxisName'] },
  duplicateAxisValue: { id: 'duplicate-axis-value', jenkins: ['ModelValidatorImpl.DuplicateAxisValue'] },
  axisValueLiteral: { id: 'axis-value-literal', jenkins: ['ModelParser.ExpectedStringLiteralButGot'] },
  // pipewright's own: what a Groovy 2.4 file cannot hold.
  groovyName: { id: 'groovy-name', jenkins: [] },
  unreadableCharacter: { id: 'unreadable-character', jenkins: [] },
  jsonShape: { id: 'json-shape', jenkins: [] },
} as const;

type RuleKey = keyof typeof DECLARATIVE_RULES;

/** Rule ids by name, for validators: `RULE.blockedStep` is `'blocked-step'`. */
export const RULE = Object.fromEntries(Object.entries(DECLARATIVE_RULES).map(([k, v]) => [k, v.id])) as {
  readonly [K in RuleKey]: (typeof DECLARATIVE_RULES)[K]['id'];
};
