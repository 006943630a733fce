// `scribe serve`'s HTTP server: the OpenAI API's `/v1/models`, `/v1/completions` and
// `/v1/chat/completions` (streaming too) in front of a TaskModel, on 127.0.0.1 only.
// A completion is the task body for the prompt's last `- name:` line, indented to continue the
// prompt's file; a chat reply is the body at indent 0. No task found → 400; model has nothing
// to say → an empty text (as an LLM that stops at once).

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModuleCatalog } from '../catalog/types';
import { placeBody } from '../suggest/placement';
import type { TaskModel } from '../suggest/types';
import { EventStream, HttpError, readJson, sendError, sendJson } from './http';
import { taskFromChat, taskFromPrompt, type PromptTask } from './taskFromPrompt';

export const DEFAULT_MODEL_ID = 'scribe-embedded';

export interface ServeOptions {
  model: TaskModel;
  catalog: ModuleCatalog;
  /** The id clients pass as `model` (default scribe-embedded). */
  modelId?: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export async function startServe(options: ServeOptions): Promise<RunningServer> {
  const modelId = options.modelId ?? DEFAULT_MODEL_ID;
  const created = Math.floor(Date.now() / 1000);
  const log = options.log ?? (() => undefined);
  const modelCard = { id: modelId, object: 'model', created, owned_by: 'ansible-scribe' };

  const suggestBody = async (task: PromptTask, indentForFile: boolean): Promise<string> => {
    const out = await options.model.suggest(task.request, options.catalog);
    if (!out) return '';
    return indentForFile && task.indent > 0 ? placeBody(out.yaml, task.indent, task.indentUnit) : out.yaml;
  };

  const checkModel = (body: Record<string, unknown>): void => {
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
  };

  const completions: Handler = async (req, res) => {
    const body = asObject(await readJson(req));
    checkModel(body);
    const prompt = Array.isArray(body.prompt) && body.prompt.length === 1 ? body.prompt[0] : body.prompt;
    if (typeof prompt !== 'string')
      throw new HttpError(
        400,
        "missing required parameter 'prompt' (a string)",
        'invalid_request_error',
        'missing_required_parameter',
      );
    const task = taskFromPrompt(prompt, options.catalog);
    if (!task)
      throw new HttpError(
        400,
        "the prompt must end with a '- name: <description>' line",
        'invalid_request_error',
        'invalid_prompt',
      );
    const text = await suggestBody(task, true);
    const id = `cmpl-${randomUUID()}`;
    const now = Math.floor(Date.now() / 1000);
    const usage = usageOf(prompt, text);
    if (body.stream === true) {
      const sse = new EventStream(res);
      for (const piece of pieces(text))
        sse.send({
          id,
          object: 'text_completion',
          created: now,
          model: modelId,
          choices: [{ index: 0, text: piece, finish_reason: null, logprobs: null }],
        });
      sse.send({
        id,
        object: 'text_completion',
        created: now,
        model: modelId,
        choices: [{ index: 0, text: '', finish_reason: 'stop', logprobs: null }],
      });
      sse.done();
      return;
    }
    sendJson(res, 200, {
      id,
      object: 'text_completion',
      created: now,
      model: modelId,
      choices: [{ index: 0, text, finish_reason: 'stop', logprobs: null }],
      usage,
    });
  };

  const chat: Handler = async (req, res) => {
    const body = asObject(await readJson(req));
    checkModel(body);
    if (!Array.isArray(body.messages) || !body.messages.length)
      throw new HttpError(
        400,
        "missing required parameter 'messages' (a non-empty list)",
        'invalid_request_error',
        'missing_required_parameter',
      );
    const users = body.messages.filter(
      (m): m is { role: string; content: unknown } => isObject(m) && m.role === 'user',
    );
    const last = users[users.length - 1];
    const content = last ? contentText(last.content) : undefined;
    if (content === undefined)
      throw new HttpError(400, 'no user message with text content', 'invalid_request_error', 'invalid_messages');
    const task = taskFromChat(content, options.catalog);
    if (!task)
      throw new HttpError(
        400,
        'the last user message holds no task description',
        'invalid_request_error',
        'invalid_prompt',
      );
    const text = await suggestBody(task, false);
    const id = `chatcmpl-${randomUUID()}`;
    const now = Math.floor(Date.now() / 1000);
    if (body.stream === true) {
      const sse = new EventStream(res);
      const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
        id,
        object: 'chat.completion.chunk',
        created: now,
        model: modelId,
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
      sse.send(chunk({ role: 'assistant', content: '' }, null));
      for (const piece of pieces(text)) sse.send(chunk({ content: piece }, null));
      sse.send(chunk({}, 'stop'));
      sse.done();
      return;
    }
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created: now,
      model: modelId,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: usageOf(content, text),
    });
  };

  const routes = new Map<string, { method: string; handle: Handler }>([
    [
      '/v1/models',
      { method: 'GET', handle: async (_q, res) => sendJson(res, 200, { object: 'list', data: [modelCard] }) },
    ],
    [`/v1/models/${modelId}`, { method: 'GET', handle: async (_q, res) => sendJson(res, 200, modelCard) }],
    ['/v1/completions', { method: 'POST', handle: completions }],
    ['/v1/chat/completions', { method: 'POST', handle: chat }],
  ]);

  const server = createServer((req, res) => {
    const started = Date.now();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    const route = routes.get(path);
    const handle = async (): Promise<void> => {
      if (!route) {
        if (path.startsWith('/v1/models/'))
          throw new HttpError(
            404,
            `the model '${decodeURIComponent(path.slice('/v1/models/'.length))}' does not exist`,
            'invalid_request_error',
            'model_not_found',
          );
        throw new HttpError(404, `unknown route ${req.method ?? ''} ${path}`, 'invalid_request_error', 'unknown_url');
      }
      if (req.method !== route.method) {
        res.setHeader('allow', route.method);
        throw new HttpError(
          405,
          `${req.method ?? ''} is not allowed on ${path} (use ${route.method})`,
          'invalid_request_error',
          'method_not_allowed',
        );
      }
      await route.handle(req, res);
    };
    handle().then(
      () => log(`${req.method ?? ''} ${path} ${res.statusCode} ${Date.now() - started} ms`),
      (e: unknown) => {
        const err =
          e instanceof HttpError
            ? e
            : new HttpError(500, `internal error: ${e instanceof Error ? e.message : String(e)}`);
        log(`${req.method ?? ''} ${path} ${err.status} ${err.message}`);
        sendError(res, err);
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/v1`,
    port: address.port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asObject(v: unknown): Record<string, unknown> {
  if (!isObject(v))
    throw new HttpError(400, 'request body must be a JSON object', 'invalid_request_error', 'invalid_json');
  return v;
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
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
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
