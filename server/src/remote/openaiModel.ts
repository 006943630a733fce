// The remote model: any OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server, OpenAI, an
// OpenShift AI model server, `scribe serve`) through the `openai` package. One request per task:
// prompt (built from redacted inputs: the file, the description, retrieved few-shot examples, of
// the user's workspace only when opted in) → redaction of the final prompt (also of every value
// the inputs' redaction found, wherever it shows up) → completions or chat → post-processing.
// Failures throw one clear line ("model endpoint http://… unreachable: ECONNREFUSED"); the caller
// turns it into status. A cancelled request aborts the HTTP call (the socket is closed).

import OpenAI from 'openai';
import type { ModuleCatalog } from '../catalog/types';
import type { CorpusTask } from '../corpus/types';
import type { ScribeSettings } from '../settings';
import type {
  ChatMessage,
  CompletionInput,
  ModelSuggestion,
  TaskModel,
  TaskRequest,
  TextModel,
  TextReply,
} from '../model/types';
import { postprocess } from './postprocess';
import { buildPrompt, isWorkspaceTask, type PromptExample, type PromptOptions } from './prompt';
import { scrub } from './redact';

export interface RemoteModelOptions {
  settings: ScribeSettings['model'];
  /**
   * Retrieval for the few-shot examples: the top corpus tasks for a request's description (e.g.
   * `index.searchByName(req.description, 3, allowed)`); only those with a known licence, and of
   * the user's workspace only with `settings.workspaceExamples`, are used. `allowed` says which
   * tasks may be examples (retrieval that applies it keeps 3 usable ones).
   */
  examples?: (req: TaskRequest, allowed: (t: CorpusTask) => boolean) => readonly PromptExample[];
  /** Aborts every request of this model (e.g. the server shutting down). */
  signal?: AbortSignal;
  /** Where the API key is read from (by the variable name in settings); default process.env. */
  env?: NodeJS.ProcessEnv;
  prompt?: PromptOptions;
  /** Most tokens a reply may have (default 400: one task body). */
  maxTokens?: number;
}

/** What the last request did, for logs and status (never the prompt text itself). */
export interface RemoteRequestInfo {
  redactions: number;
  examples: number;
  /** Why the reply was not used, when it was not. */
  rejected?: string;
}

/** Many local servers (Ollama, llama.cpp) need no key, but the client insists on one. */
const NO_KEY = 'none';

export class RemoteModel implements TaskModel, TextModel {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly endpoint: string;
  last: RemoteRequestInfo | undefined;

  constructor(private readonly options: RemoteModelOptions) {
    const { settings } = options;
    if (!settings.endpoint) throw new Error('no model endpoint: set scribe.model.endpoint');
    if (!settings.name) throw new Error('no model name: set scribe.model.name');
    this.endpoint = settings.endpoint.replace(/\/+$/, '');
    this.name = settings.name;
    const env = options.env ?? process.env;
    this.client = new OpenAI({
      baseURL: this.endpoint,
      apiKey: (settings.apiKeyEnv && env[settings.apiKeyEnv]) || NO_KEY,
      timeout: settings.timeoutMs,
      maxRetries: 0,
    });
  }

  /** `signal` cancels this request only (the inline request being superseded). */
  async suggest(req: TaskRequest, catalog: ModuleCatalog, signal?: AbortSignal): Promise<ModelSuggestion | undefined> {
    this.signalFor(signal)?.throwIfAborted();
    const workspaceExamples = this.options.settings.workspaceExamples === true;
    const allowed = (t: CorpusTask) => workspaceExamples || !isWorkspaceTask(t);
    const prompt = buildPrompt(req, this.options.examples?.(req, allowed) ?? [], {
      ...this.options.prompt,
      workspaceExamples,
    });
    const { text, redactions } = await this.send(
      {
        messages: prompt.messages,
        prompt: prompt.completion,
        maxTokens: this.options.maxTokens ?? 400,
        // The next task of the same list, or a fence some chat-tuned models add.
        stop: [`\n${' '.repeat(prompt.indent)}- `, '\n```'],
      },
      signal,
      prompt.secrets,
    );
    const out = await postprocess(text, catalog, { handler: req.context.section === 'handlers' });
    this.last = { redactions: redactions + prompt.redactions, examples: prompt.examples, rejected: out.reason };
    return out.suggestion;
  }

  /**
   * One reply to a prompt: `messages` for the chat API, `prompt` (default: the messages
   * flattened) for completions. Redacts everything it sends. `stop` applies to completions only:
   * a chat reply ends on its own, and a stop sequence there would cut a reply that quotes one.
   */
  complete(input: CompletionInput, signal?: AbortSignal): Promise<TextReply> {
    return this.send(input, signal, []);
  }

  /** `complete`, also hiding `secrets` (found in the inputs the prompt was built from) wherever they show. */
  private async send(input: CompletionInput, signal: AbortSignal | undefined, secrets: string[]): Promise<TextReply> {
    const combined = this.signalFor(signal);
    combined?.throwIfAborted();
    const attempt = async (): Promise<TextReply> => {
      let redactions = 0;
      const clean = (text: string): string => {
        const r = scrub(text, secrets);
        redactions += r.count;
        return r.text;
      };
      if (this.options.settings.api === 'chat') {
        const messages = input.messages.map((m) => ({ role: m.role, content: clean(m.content) }));
        const res = await this.client.chat.completions.create(
          { model: this.name, messages, temperature: 0, max_tokens: input.maxTokens },
          { signal: combined },
        );
        return { text: res.choices[0]?.message?.content ?? '', redactions };
      }
      const res = await this.client.completions.create(
        {
          model: this.name,
          prompt: clean(input.prompt ?? flatten(input.messages)),
          temperature: 0,
          max_tokens: input.maxTokens,
          ...(input.stop?.length ? { stop: input.stop } : {}),
        },
        { signal: combined },
      );
      return { text: res.choices[0]?.text ?? '', redactions };
    };
    try {
      // A kept-alive connection the endpoint closed just as the request went out on it: once more,
      // on a new connection (the openai client's own retries are off: they would retry everything).
      return await attempt().catch((e: unknown) =>
        !combined?.aborted && connectionReset(e) ? attempt() : Promise.reject(e),
      );
    } catch (e) {
      throw this.describe(e, combined);
    }
  }

  /** This model's signal (shutdown) combined with one request's (superseded). */
  private signalFor(signal: AbortSignal | undefined): AbortSignal | undefined {
    const signals = [this.options.signal, signal].filter((s): s is AbortSignal => !!s);
    return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  }

  /** One line that says what went wrong with which endpoint. */
  private describe(e: unknown, signal: AbortSignal | undefined): Error {
    const where = `model endpoint ${this.endpoint}`;
    if (signal?.aborted || e instanceof OpenAI.APIUserAbortError) {
      const err = new Error(`${where}: request cancelled`);
      err.name = 'AbortError';
      return err;
    }
    if (e instanceof OpenAI.APIConnectionTimeoutError)
      return new Error(`${where} timed out after ${this.options.settings.timeoutMs} ms`);
    if (e instanceof OpenAI.APIConnectionError) return new Error(`${where} unreachable: ${causeOf(e)}`);
    if (e instanceof OpenAI.APIError) {
      const detail = oneLine(e.message.replace(/^\d{3}\s*/, ''));
      return new Error(`${where} answered HTTP ${e.status ?? '?'}${detail ? `: ${detail}` : ''}`);
    }
    return new Error(`${where}: ${oneLine(e instanceof Error ? e.message : String(e))}`);
  }
}

/** Chat messages as one completions prompt: the instructions, then the request, blank-line apart. */
function flatten(messages: readonly ChatMessage[]): string {
  return `${messages.map((m) => m.content.trim()).join('\n\n')}\n`;
}

/** A connection closed or reset under the request (not a refusal, a timeout or an answer). */
function connectionReset(e: unknown): boolean {
  if (!(e instanceof OpenAI.APIConnectionError) || e instanceof OpenAI.APIConnectionTimeoutError) return false;
  for (let cur: unknown = e, depth = 0; cur && depth < 6; depth++, cur = (cur as { cause?: unknown }).cause) {
    if (['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(String((cur as { code?: unknown }).code))) return true;
  }
  return false;
}

/** The system error code (ECONNREFUSED, ENOTFOUND…, or a closed connection) under fetch's "fetch failed". */
function causeOf(e: unknown): string {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 6; depth++) {
    const c = cur as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof c.code === 'string' && /^E[A-Z]+$/.test(c.code)) return c.code;
    if (c.code === 'UND_ERR_SOCKET') return 'connection closed';
    if (Array.isArray(c.errors) && c.errors.length) cur = c.errors[0];
    else cur = c.cause;
  }
  return oneLine(e instanceof Error ? e.message : String(e));
}

function oneLine(s: string): string {
  const line = s.split('\n')[0].trim();
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}
