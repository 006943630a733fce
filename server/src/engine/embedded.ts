// The embedded model as the CLI trains, stores and loads it next to the corpus.

import type { ModuleSummary } from '../catalog/types';
import { EmbeddedModel } from '../model/index';
import type { ModelTrainer } from './environment';

/** The embedded model's name in its cache file (environment.ts). */
export const EMBEDDED_TRAINER = 'embedded-v1';

export function embeddedTrainer(modules: readonly ModuleSummary[]): ModelTrainer<EmbeddedModel> {
  return {
    name: EMBEDDED_TRAINER,
    train: (tasks) => EmbeddedModel.train(tasks, { modules }),
    serialize: (model) => model.toBuffer(),
    deserialize: (data, tasks) => EmbeddedModel.deserialize(data, tasks),
  };
}
