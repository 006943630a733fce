/** Bad corpus input (missing file, unreadable folder, nothing usable): a one-line reason. */
export class CorpusInputError extends Error {}
