/**
 * Triage: what kind of contact a message is, whether it is an emergency, and what staff
 * should know. The dialogs call classify(); the CLI (`intake classify`) wraps it.
 */
export { classify } from './classify.js';
export { classifyLine, runClassify, type ClassifyLineResult } from './cli.js';
export { sharedKindModel, sharedModelInfo, trainKindModel, KindModel, type TrainOptions } from './model.js';
export { evaluate, meetsTargets, targets, type EvalReport } from './metrics.js';
export { loadCorpus, type CorpusSplit } from './corpus.js';
export * from './types.js';
