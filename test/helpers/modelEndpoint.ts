// A real local OpenAI-compatible endpoint for tests: it answers chat and completions requests with
// whatever `reply` says for the request's prompt (the system message for chat, the prompt text for
// completions), and keeps every request body it received (to check what left the machine).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ModelEndpoint {
  url: string;
  bodies: string[];
  close(): Promise<void>;
}

export async function startModelEndpoint(reply: (prompt: string) => string): Promise<ModelEndpoint> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      const r = JSON.parse(body) as { messages?: { content: string }[]; prompt?: string };
      const text = reply(r.messages ? r.messages.map((m) => m.content).join('\n') : (r.prompt ?? ''));
      const choice = r.messages
        ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }
        : { index: 0, text, finish_reason: 'stop' };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: 'x', object: 'completion', created: 0, model: 'fixture', choices: [choice] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    bodies,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A model that writes an outline, a narrative summary or a task body, as the prompt asks. */
export function cannedModel(prompt: string): string {
  if (/plan Ansible playbooks/.test(prompt)) return '1. Install the nginx package\n2. Start the nginx service\n';
  if (/explain Ansible files/.test(prompt))
    return 'This playbook installs nginx on the web hosts with root privileges.';
  return 'ansible.builtin.package:\n  name: nginx\n  state: present\n';
}
