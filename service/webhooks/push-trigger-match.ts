import type { TriggerModel } from '../../src/index.js';
import { globMatches } from '../executor/glob.js';

type PushTrigger = Extract<TriggerModel, { type: 'push' }>;

/**
 * Whether a pipeline's push trigger asks for this push. Branches: every branch unless
 * `branches` lists globs (`[]`: none). Tags: none unless `tags` lists globs, because a push
 * trigger written before tags existed meant branch pushes only.
 */
export function pushTriggerMatches(
  trigger: PushTrigger,
  target: { branch: string | null; tag: string | null },
): boolean {
  if (target.branch !== null)
    return trigger.branches === undefined || trigger.branches.some((g) => globMatches(g, target.branch!));
  if (target.tag !== null) return (trigger.tags ?? []).some((g) => globMatches(g, target.tag!));
  return false;
}

/** The pipeline's push trigger, if it has one (validation allows at most one). */
export function pushTriggerOf(triggers: TriggerModel[] | undefined): PushTrigger | undefined {
  return triggers?.find((t): t is PushTrigger => t.type === 'push');
}
