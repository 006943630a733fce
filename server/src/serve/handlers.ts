// The OpenAI API's endpoints in front of a TaskModel: `/v1/models`, `/v1/completions` and
// `/v1/chat/completions` (streaming too). A completion is the task body for the prompt's last
// `- name:` line, indented to continue the prompt's file; a chat reply is the body at indent 0.
// No task found → 400; model has nothing to say → an empty text (as an LLM that stops at once).
// Handlers get the request body already read and parsed (a JSON object); see openaiServer.ts.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ModuleCatalog } from '../catalog/types';
import { applyOutputPolicy } from '../suggest/outputPolicy';
import { placeBody } from '../suggest/placement';
import type { TaskModel } from '../suggest/types';
import { EventStream, HttpError, sendJson } from './http';
import { taskFromChat, taskFromPrompt, type PromptTask } from './taskFromPrompt';

export type JsonBody = Record<string, unknown>;
export type Handler = (res: ServerResponse, body: JsonBody) => Promise<void> | void;

export interface HandlerContext {
  model: TaskModel;
  catalog: ModuleCatalog;
  modelId: string;
}

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
  const text = await suggestBody(ctx, task, true);
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
    sse.send({ ...head, choices: [choice('', 'stop')] });
    sse.done();
    return;
  }
  sendJson(res, 200, { ...head, choices: [choice(text, 'stop')], usage: usageOf(prompt, text) });
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
  const text = await suggestBody(ctx, task, false);
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
    sse.send(chunk({}, 'stop'));
    sse.done();
    return;
  }
  sendJson(res, 200, {
    ...head,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: usageOf(content, text),
  });
}

async function suggestBody(ctx: HandlerContext, task: PromptTask, indentForFile: boolean): Promise<string> {
  const written = await ctx.model.suggest(task.request, ctx.catalog);
  // The same output policy as every other front end: keywords the description does not justify go.
  const policed = written && applyOutputPolicy(written, task.request);
  if (!policed || 'reason' in policed) return '';
  const { yaml } = policed.suggestion;
  return indentForFile && task.indent > 0 ? placeBody(yaml, task.indent, task.indentUnit) : yaml;
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
