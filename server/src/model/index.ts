// The embedded domain-tuned model's front door: what the rest of the server codes against.
export type { TaskRequest, ModelSuggestion, ModuleScore, DrewOn, TaskSection, EarlierTask } from './types';
export { EmbeddedModel, type TrainOptions } from './embeddedModel';
export { requestFromCorpusTask, collectionOf } from './context';
export { argsFit, fitArgs } from './argspec';
export { namedTasksByFile, roleVariables, workspaceFor } from './workspaceTasks';
