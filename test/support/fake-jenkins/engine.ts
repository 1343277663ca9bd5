import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineModel } from '../../../src/index.js';
import type { RunEventType } from '../../../service/contracts/run-events.js';
import { LocalExecutor } from '../../../service/executor/local-executor.js';
import type { WfapiStatus } from '../../../service/jenkins/jenkins-shapes.js';
import type { Run } from '../../../service/repositories/runs.js';
import type { FakeBuild } from './state.js';

const WFAPI_OF: Record<string, WfapiStatus> = {
  success: 'SUCCESS',
  failed: 'FAILED',
  unstable: 'UNSTABLE',
  aborted: 'ABORTED',
  skipped: 'NOT_EXECUTED',
};

/**
 * Does a fake build's work. Jenkins would compile the Jenkinsfile and run it on an agent; the
 * fake looks the script up among the ones it was taught (the exact rendered text, so a script
 * mangled on the way through the job XML finds nothing and the build fails) and runs that
 * pipeline with the local executor, whose events it turns into what Jenkins' APIs show: wfapi
 * stages with times, the console log, pending inputs.
 */
export class FakeEngine {
  private readonly executor: LocalExecutor;
  private nodeId = 10;

  constructor(minuteMs: number) {
    this.executor = new LocalExecutor({
      dataDir: mkdtempSync(join(tmpdir(), 'pw-fake-jenkins-data-')),
      workspaceRoot: mkdtempSync(join(tmpdir(), 'pw-fake-jenkins-ws-')),
      minuteMs,
    });
  }

  run(build: FakeBuild, model: PipelineModel | undefined): void {
    build.status = 'IN_PROGRESS';
    if (!model) {
      this.append(
        build,
        'org.codehaus.groovy.control.MultipleCompilationErrorsException: the fake does not know this script\n',
      );
      this.end(build, 'FAILED');
      return;
    }
    const run: Run = {
      id: build.engineId,
      pipelineId: build.job.name,
      number: build.number,
      status: 'queued',
      trigger: 'api',
      cause: null,
      operator: null,
      operatorId: null,
      remark: '',
      parameters: build.parameters,
      currentStage: null,
      rerunOf: null,
      executor: 'fake-jenkins',
      pipelineRevision: 1,
      reason: null,
      queuedAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      durationMs: null,
    };
    const serviceEnv = Object.fromEntries(
      ['PIPEWRIGHT_URL', 'PIPEWRIGHT_RUN_ID', 'PIPEWRIGHT_RUN_TOKEN'].map((k) => [
        k,
        build.parameters[k] ?? '',
      ]),
    );
    this.executor.start({ run, pipeline: model, secrets: {}, serviceEnv }, async (events) => {
      for (const e of events) this.apply(build, e);
    });
  }

  proceed(build: FakeBuild, stage: string, approved: boolean): void {
    const s = build.stages.find((x) => x.name === stage);
    if (s && approved) s.status = 'IN_PROGRESS';
    build.status = build.inputs.length ? 'PAUSED_PENDING_INPUT' : 'IN_PROGRESS';
    this.executor.gateDecided(build.engineId, stage, approved);
  }

  stop(build: FakeBuild): void {
    this.append(build, 'Aborted by user\n');
    this.executor.cancel(build.engineId);
  }

  async close(): Promise<void> {
    await this.executor.close();
  }

  private apply(build: FakeBuild, e: RunEventType): void {
    const now = Date.now();
    const stage = (name: string) => {
      let s = build.stages.find((x) => x.name === name);
      if (!s) {
        s = {
          id: String(this.nodeId++),
          name,
          status: 'IN_PROGRESS',
          startTimeMillis: now,
          durationMillis: 0,
          pauseDurationMillis: 0,
        };
        build.stages.push(s);
      }
      return s;
    };
    switch (e.type) {
      case 'stage.started':
        stage(e.stage);
        break;
      case 'stage.finished': {
        const s = stage(e.stage);
        s.status = WFAPI_OF[e.status]!;
        s.durationMillis = now - s.startTimeMillis;
        break;
      }
      case 'gate.waiting': {
        stage(e.stage).status = 'PAUSED_PENDING_INPUT';
        // The input step's default id: the message's digest, capitalised.
        const digest = createHash('md5').update(e.message).digest('hex');
        build.inputs.push({
          id: digest[0]!.toUpperCase() + digest.slice(1),
          stage: e.stage,
          message: e.message,
          submitters: [...e.submitters.users, ...e.submitters.groups],
        });
        build.status = 'PAUSED_PENDING_INPUT';
        break;
      }
      case 'gate.timed-out':
        build.inputs = build.inputs.filter((i) => i.stage !== e.stage);
        break;
      case 'log':
        this.append(build, e.text);
        break;
      case 'run.finished':
        this.end(build, WFAPI_OF[e.status]!);
        break;
      default:
        break;
    }
  }

  private append(build: FakeBuild, text: string): void {
    build.log = Buffer.concat([build.log, Buffer.from(text)]);
  }

  private end(build: FakeBuild, status: WfapiStatus): void {
    build.inputs = [];
    build.status = status;
    build.building = false;
    build.endTimeMillis = Date.now();
    for (const s of build.stages)
      if (s.status === 'IN_PROGRESS' || s.status === 'PAUSED_PENDING_INPUT') s.status = status;
  }
}
