// Routing for `scribe serve`: a decoded path and a method → the handler, or 404/405.

import type { Handler, OpenAiHandlers } from './handlers';
import { clip, HttpError } from './http';

export interface Route {
  method: 'GET' | 'POST';
  handle: Handler;
}

export type Routes = ReadonlyMap<string, Route>;

export function openAiRoutes(modelId: string, handlers: OpenAiHandlers): Routes {
  return new Map<string, Route>([
    ['/v1/models', { method: 'GET', handle: handlers.models }],
    [`/v1/models/${modelId}`, { method: 'GET', handle: handlers.model }],
    ['/v1/completions', { method: 'POST', handle: handlers.completions }],
    ['/v1/chat/completions', { method: 'POST', handle: handlers.chat }],
  ]);
}

export function findRoute(routes: Routes, path: string, method: string): Route {
  const route = routes.get(path);
  if (!route) {
    if (path.startsWith('/v1/models/'))
      throw new HttpError(
        404,
        `the model '${clip(path.slice('/v1/models/'.length))}' does not exist`,
        'invalid_request_error',
        'model_not_found',
      );
    throw new HttpError(404, `unknown route ${method} ${clip(path)}`, 'invalid_request_error', 'unknown_url');
  }
  if (method !== route.method)
    throw new HttpError(
      405,
      `${method} is not allowed on ${path} (use ${route.method})`,
      'invalid_request_error',
      'method_not_allowed',
      { allow: route.method },
    );
  return route;
}
