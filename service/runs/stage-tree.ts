import { compilePipeline, type PipelineModel, type Stage } from '../../src/index.js';

export interface StageNode {
  name: string;
  parent: string | null;
}

/**
 * The stages a run will show, in pipeline order, taken from the Declarative AST the model
 * compiles to: the same stages Jenkins would report, including the checkout stage the
 * renderer adds. Matrix cells share their inner stages' names, as Jenkins' stage view does.
 */
export function stageTree(model: PipelineModel): StageNode[] {
  const nodes: StageNode[] = [];
  const seen = new Set<string>();
  const walk = (stages: Stage[], parent: string | null) => {
    for (const stage of stages) {
      // Jenkins allows equal names under different parents; a run tracks each name once.
      if (!seen.has(stage.name)) {
        seen.add(stage.name);
        nodes.push({ name: stage.name, parent });
      }
      walk(stage.parallel ?? [], stage.name);
      walk(stage.stages ?? [], stage.name);
      walk(stage.matrix?.stages ?? [], stage.name);
    }
  };
  walk(compilePipeline(model).pipeline.stages, null);
  return nodes;
}
