import { defaultParameters } from '../runs/default-parameters.js';
import type { Repositories } from '../repositories/index.js';
import type { RunService } from '../runs/run-service.js';
import { causeOf, type PushEvent } from './push-event.js';
import { pushTriggerMatches, pushTriggerOf } from './push-trigger-match.js';
import { repositoryKey } from './repository-address.js';

/** What one push did: the runs it started and the matching pipelines that refused to start. */
export interface PushOutcome {
  started: { pipelineId: string; pipeline: string; runId: string; number: number }[];
  refused: { pipelineId: string; pipeline: string; reason: string }[];
}

/**
 * Told of every new push (not a redelivery, not a deletion) after its runs were started, with
 * what started. For features that follow pushes (a release recording a candidate build). A
 * listener that throws is reported and changes nothing for the push or its runs.
 */
export type PushListener = (event: PushEvent, outcome: PushOutcome) => void | Promise<void>;

export interface PushDispatcherOptions {
  repos: Repositories;
  runs: RunService;
  onError: (error: unknown) => void;
}

/**
 * Starts the pipelines a push asks for: those whose repository URL names the pushed repository
 * (in any of its forms, see repositoryKey) and whose push trigger matches the branch or tag.
 */
export class PushDispatcher {
  private readonly listeners = new Set<PushListener>();

  constructor(private readonly o: PushDispatcherOptions) {}

  /** Calls `listener` after each new push was handled; returns `off`. */
  onPush(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The ids of the pipelines this push starts, in name order (no run is started). */
  async matchingPipelines(event: PushEvent): Promise<string[]> {
    if (event.deleted || (event.branch === null && event.tag === null)) return [];
    const keys = new Set(event.repositoryUrls.map(repositoryKey).filter((k) => k !== null));
    const bound = (await this.o.repos.pushBindings.candidates()).filter((c) => {
      const key = repositoryKey(c.repositoryUrl);
      return key !== null && keys.has(key);
    });
    const matching: string[] = [];
    for (const candidate of bound) {
      const pipeline = await this.o.repos.pipelines.findById(candidate.id);
      const trigger = pushTriggerOf(pipeline?.definition.triggers);
      if (trigger && pushTriggerMatches(trigger, event)) matching.push(candidate.id);
    }
    return matching;
  }

  /** Starts every matching pipeline; one that refuses (deploy policy, deleted meanwhile) is listed, the others still start. */
  async dispatch(event: PushEvent): Promise<PushOutcome> {
    const outcome: PushOutcome = { started: [], refused: [] };
    const cause = causeOf(event);
    for (const id of await this.matchingPipelines(event)) {
      const pipeline = await this.o.repos.pipelines.findById(id);
      if (!pipeline) continue; // deleted since it matched: nothing to start, nothing to report
      try {
        const run = await this.o.runs.trigger(pipeline, null, {
          trigger: 'push',
          remark: remarkOf(event),
          parameters: defaultParameters(pipeline.definition.parameters),
          cause,
        });
        outcome.started.push({ pipelineId: id, pipeline: pipeline.name, runId: run.id, number: run.number });
      } catch (error) {
        // A refusal's message is written for the caller; a failure's stays in the log.
        const refusal = isRefusal(error);
        if (!refusal) this.o.onError(error);
        const reason = refusal ? (error as Error).message : 'internal error; see the service log';
        outcome.refused.push({ pipelineId: id, pipeline: pipeline.name, reason });
      }
    }
    if (!event.deleted) this.notify(event, outcome);
    return outcome;
  }

  private notify(event: PushEvent, outcome: PushOutcome): void {
    for (const listener of this.listeners) {
      try {
        const pending = listener(event, outcome);
        if (pending) pending.catch(this.o.onError);
      } catch (error) {
        this.o.onError(error);
      }
    }
  }
}

/** A refusal the service decided (4xx), as opposed to a failure worth logging. */
function isRefusal(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** "push to main (3f2a9c1)": what a run list shows in its remark column. */
function remarkOf(event: PushEvent): string {
  const target = event.tag !== null ? `tag ${event.tag}` : `push to ${event.branch}`;
  return `${target} (${event.commit.slice(0, 12)})`;
}
