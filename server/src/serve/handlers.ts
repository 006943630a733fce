// The OpenAI API's endpoints in front of a TaskModel: `/v1/models`, `/v1/completions` and
// `/v1/chat/completions` (streaming too). A completion is the task body for the prompt's last
// `- name:` line, indented to continue the prompt's file; a chat reply is the body at indent 0.
// No task found → 400; model has nothing to say → an empty text (as an LLM that stops at once).
// Every answer goes through the suggestion pipeline the editor uses (output policy, attribution,
// licence policy) and carries an `attribution` object beside `choices` (OpenAI clients ignore
// fields they do not know): the model, the closest training matches with their licences, the
// licence policy's decision and, with a shared index, which index answered. A suggestion the
// policy withholds is an empty text with finish_reason 'content_filter'. When the client goes away
// mid-request, the request's attribution query is cancelled.
// Handlers get the request body already read and parsed (a JSON object); see openaiServer.ts.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ModuleCatalog } from '../catalog/types';
import type { LicencePolicySettings } from '../policy/licencePolicy';
import type { SuggestionAttribution } from '../protocol';
import { suggestFor } from '../suggest/pipeline';
import type { CorpusLookup, TaskModel, TaskSimilarityIndex } from '../suggest/types';
import { EventStream, HttpError, sendJson } from './http';
import { taskFromChat, taskFromPrompt, type PromptTask } from './taskFromPrompt';

export type JsonBody = Record<string, unknown>;
export type Handler = (res: ServerResponse, body: JsonBody) => Promise<void> | void;

export interface HandlerContext {
  model: TaskModel;
  catalog: ModuleCatalog;
  modelId: string;
  /** The similarity index one request's attribution asks, cancelled with `signal`. */
  attributionIndex?: (signal: AbortSignal) => TaskSimilarityIndex;
  /** Corpus tasks by id: the examples the model drew on. */
  lookup?: CorpusLookup;
  /** The licence policy answers are judged by (default: allow everything). */
  policy?: LicencePolicySettings;
}

/** What an answer carries beside its text: `scribe/attribution`'s shape without the suggestion id. */
export type AnswerAttribution = Omit<SuggestionAttribution, 'suggestionId'>;

export interface OpenAiHandlers {
  models: Handler;
  model: Handler;
  completions: Handler;
  chat: Handler;
}

export function openAiHandlers(ctx: HandlerContext): OpenAiHandlers {
  const card = { id: ctx.modelId, object: 'model', created: Math.floor(Date.now() / 1000), owned_by: 'ansible-scribe' };
  return {
    models: (res) => sendJson(res, 200, { object: 'list', data: [card] }),
    model: (res) => sendJson(res, 200, card),
    completions: (res, body) => completions(ctx, res, body),
    chat: (res, body) => chat(ctx, res, body),
  };
}

async function completions(ctx: HandlerContext, res: ServerResponse, body: JsonBody): Promise<void> {
  checkModel(body, ctx.modelId);
  const prompt = Array.isArray(body.prompt) && body.prompt.length === 1 ? body.prompt[0] : body.prompt;
  if (typeof prompt !== 'string')
    throw new HttpError(
      400,
      "missing required parameter 'prompt' (a string)",
      'invalid_request_error',
      'missing_required_parameter',
    );
  const task = taskFromPrompt(prompt, ctx.catalog);
  if (!task)
    throw new HttpError(
      400,
      "the prompt must end with a '- name: <description>' line",
      'invalid_request_error',
      'invalid_prompt',
    );
  const { text, finish, attribution } = await answer(ctx, task, true, res);
  const head = { id: `cmpl-${randomUUID()}`, object: 'text_completion', created: now(), model: ctx.modelId };
  const choice = (piece: string, finish: string | null) => ({
    index: 0,
    text: piece,
    finish_reason: finish,
    logprobs: null,
  });
  if (body.stream === true) {
    const sse = new EventStream(res);
    for (const piece of pieces(text)) sse.send({ ...head, choices: [choice(piece, null)] });
    sse.send({ ...head, choices: [choice('', finish)], attribution });
    sse.done();
    return;
  }
  sendJson(res, 200, { ...head, choices: [choice(text, finish)], usage: usageOf(prompt, text), attribution });
}

async function chat(ctx: HandlerContext, res: ServerResponse, body: JsonBody): Promise<void> {
  checkModel(body, ctx.modelId);
  if (!Array.isArray(body.messages) || !body.messages.length)
    throw new HttpError(
      400,
      "missing required parameter 'messages' (a non-empty list)",
      'invalid_request_error',
      'missing_required_parameter',
    );
  const users = body.messages.filter((m): m is { role: string; content: unknown } => isObject(m) && m.role === 'user');
  const last = users[users.length - 1];
  const content = last ? contentText(last.content) : undefined;
  if (content === undefined)
    throw new HttpError(400, 'no user message with text content', 'invalid_request_error', 'invalid_messages');
  const task = taskFromChat(content, ctx.catalog);
  if (!task)
    throw new HttpError(
      400,
      'the last user message holds no task description',
      'invalid_request_error',
      'invalid_prompt',
    );
  const { text, finish, attribution } = await answer(ctx, task, false, res);
  const head = { id: `chatcmpl-${randomUUID()}`, created: now(), model: ctx.modelId };
  if (body.stream === true) {
    const sse = new EventStream(res);
    const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
      ...head,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    sse.send(chunk({ role: 'assistant', content: '' }, null));
    for (const piece of pieces(text)) sse.send(chunk({ content: piece }, null));
    sse.send({ ...chunk({}, finish), attribution });
    sse.done();
    return;
  }
  sendJson(res, 200, {
    ...head,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }],
    usage: usageOf(content, text),
    attribution,
  });
}

interface Answer {
  text: string;
  finish: 'stop' | 'content_filter';
  attribution: AnswerAttribution;
}

/** The task body for the prompt's description, through the editor's pipeline, with its attribution. */
async function answer(
  ctx: HandlerContext,
  task: PromptTask,
  indentForFile: boolean,
  res: ServerResponse,
): Promise<Answer> {
  // The client going away before the answer is written cancels a shared index's query.
  const gone = new AbortController();
  const onClose = () => !res.writableFinished && gone.abort();
  res.once('close', onClose);
  const indent = indentForFile ? task.indent : 0;
  try {
    const index = ctx.attributionIndex?.(gone.signal);
    const result = await suggestFor(
      { kind: 'single', line: 0, requests: [task.request], indent, listIndent: 0, indentUnit: task.indentUnit },
      { model: ctx.model, catalog: ctx.catalog, index, lookup: ctx.lookup, policy: ctx.policy, signal: gone.signal },
    );
    if ('reason' in result)
      return {
        text: '',
        finish: 'stop',
        attribution: { model: ctx.modelId, matches: [], policy: { action: 'allow' } },
      };
    const attribution: AnswerAttribution = {
      model: ctx.modelId,
      matches: result.matches,
      policy: result.policy,
      ...(result.attributedBy && { attributedBy: result.attributedBy }),
      ...(result.notes.length && { notes: result.notes }),
    };
    if (result.policy.action === 'block') return { text: '', finish: 'content_filter', attribution };
    const t = result.tasks[0];
    return { text: indent > 0 ? t.text : t.body, finish: 'stop', attribution };
  } finally {
    res.off('close', onClose);
  }
}

function checkModel(body: JsonBody, modelId: string): void {
  if (typeof body.model !== 'string' || !body.model)
    throw new HttpError(
      400,
      "missing required parameter 'model'",
      'invalid_request_error',
      'missing_required_parameter',
    );
  if (body.model !== modelId)
    throw new HttpError(
      404,
      `the model '${body.model}' does not exist (this server has '${modelId}')`,
      'invalid_request_error',
      'model_not_found',
    );
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** A message's text: a string, or the text parts of a content list. */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .filter(
        (p): p is { type: string; text: string } => isObject(p) && p.type === 'text' && typeof p.text === 'string',
      )
      .map((p) => p.text)
      .join('\n');
  return undefined;
}

/** Streamed text goes out a line at a time, as a model writes it. */
function pieces(text: string): string[] {
  const out = text.split(/(?<=\n)/);
  return out.filter((p) => p !== '');
}

/** Rough token counts (4 characters a token); the fields are there because clients read them. */
function usageOf(
  prompt: string,
  text: string,
): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const p = Math.ceil(prompt.length / 4);
  const c = Math.ceil(text.length / 4);
  return { prompt_tokens: p, completion_tokens: c, total_tokens: p + c };
}
