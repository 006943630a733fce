// A real local OpenAI-compatible endpoint for tests: it answers chat and completions requests with
// whatever `reply` returns for the request, and keeps every request it received (to check what left
// the machine: bodies, headers).

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  url: string;
  api: 'chat' | 'completions';
  /** The parsed JSON body; `raw` is the body as sent. */
  body: { messages?: { role: string; content: string }[]; prompt?: string; stop?: string[]; max_tokens?: number };
  raw: string;
  headers: IncomingHttpHeaders;
}

export interface ModelEndpoint {
  url: string;
  requests: ReceivedRequest[];
  /** The raw request bodies, in order. */
  bodies: string[];
  close(): Promise<void>;
}

/** What the model was asked: the chat messages one after another, or the completions prompt. */
export function promptOf(r: ReceivedRequest): string {
  return r.body.messages ? r.body.messages.map((m) => m.content).join('\n') : (r.body.prompt ?? '');
}

export async function startModelEndpoint(reply: (r: ReceivedRequest) => string): Promise<ModelEndpoint> {
  const requests: ReceivedRequest[] = [];
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const api = req.url?.includes('chat') ? 'chat' : 'completions';
      const r: ReceivedRequest = {
        url: req.url ?? '',
        api,
        body: JSON.parse(raw) as ReceivedRequest['body'],
        raw,
        headers: req.headers,
      };
      requests.push(r);
      bodies.push(raw);
      const text = reply(r);
      const choice =
        api === 'chat'
          ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }
          : { index: 0, text, finish_reason: 'stop' };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'x',
          object: api === 'chat' ? 'chat.completion' : 'text_completion',
          created: 0,
          model: 'fixture',
          choices: [choice],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    bodies,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A model that writes an outline, a narrative summary or a task body, as the prompt asks. */
export function cannedModel(r: ReceivedRequest): string {
  const prompt = promptOf(r);
  if (/plan Ansible playbooks/.test(prompt)) return '1. Install the nginx package\n2. Start the nginx service\n';
  if (/explain Ansible files/.test(prompt))
    return 'This playbook installs nginx on the web hosts with root privileges.';
  return 'ansible.builtin.package:\n  name: nginx\n  state: present\n';
}
