// The "Training Matches" view: the training examples behind the current and the last few inline
// suggestions (`scribe/attribution`), each a node `collection@version — licence — score` with its
// file and matched text below; above them, one line per key the server's output policy removed from
// the model's task (`notes`: e.g. a `become` or `delegate_to` the description did not ask for).
// Clicking a match opens its repository; a suggestion's thumbs up/down buttons rate it for the
// workspace's local learning (rating.ts).

import * as vscode from 'vscode';
import {
  AttributionRequest,
  RATE_SUGGESTION_COMMAND,
  type AttributionMatch,
  type RateSuggestionParams,
  type SuggestionAttribution,
} from '../../../server/src/protocol';
import type { SuggestionRef } from '../inline/suggestionTracker';
import type { SendRequest } from '../languageClient';

export const TRAINING_MATCHES_VIEW = 'scribe.trainingMatches';
export const OPEN_SOURCE_COMMAND = 'scribe.openMatchSource';
export const RATE_UP_COMMAND = 'scribe.rateSuggestionUp';
export const RATE_DOWN_COMMAND = 'scribe.rateSuggestionDown';

/** Suggestions listed: the current one and the last few before it. */
const KEEP = 5;
const SNIPPET_LINES = 12;

type Node =
  | { kind: 'suggestion'; entry: Entry }
  | { kind: 'match'; match: AttributionMatch }
  | { kind: 'note'; note: string }
  | { kind: 'detail'; label: string; description?: string; url?: string; tooltip?: string }
  | { kind: 'message'; label: string };

interface Entry extends SuggestionRef {
  state: 'shown' | 'accepted';
  rating?: RateSuggestionParams['rating'];
  attribution?: SuggestionAttribution;
  problem?: string;
}

export class TrainingMatchesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private entries: Entry[] = [];
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly send: SendRequest) {
    this.subscriptions.push(
      this.changed,
      vscode.window.registerTreeDataProvider(TRAINING_MATCHES_VIEW, this),
      vscode.commands.registerCommand(OPEN_SOURCE_COMMAND, (url: string) => openSource(url)),
      vscode.commands.registerCommand(RATE_UP_COMMAND, (node?: Node) => this.rate(node, 'up')),
      vscode.commands.registerCommand(RATE_DOWN_COMMAND, (node?: Node) => this.rate(node, 'down')),
    );
  }

  /** Rates a suggestion node (from its inline button), or the latest suggestion (from the title bar). */
  private async rate(node: Node | undefined, rating: RateSuggestionParams['rating']): Promise<void> {
    const entry = node?.kind === 'suggestion' ? node.entry : this.entries[0];
    if (!entry) return;
    const params: RateSuggestionParams = { suggestionId: entry.suggestionId, textDocument: { uri: entry.uri }, rating };
    if ((await vscode.commands.executeCommand(RATE_SUGGESTION_COMMAND, params)) === true) {
      entry.rating = rating;
      this.changed.fire(undefined);
    }
  }

  /** A suggestion was shown (or accepted): list it first and ask for its attribution once. */
  async show({ suggestionId, uri }: SuggestionRef, state: Entry['state'] = 'shown'): Promise<void> {
    let entry = this.entries.find((e) => e.suggestionId === suggestionId);
    if (entry) {
      if (state === 'accepted') entry.state = state;
    } else {
      entry = { suggestionId, uri, state };
    }
    this.entries = [entry, ...this.entries.filter((e) => e !== entry)].slice(0, KEEP);
    this.changed.fire(undefined);
    if (entry.attribution || entry.problem) return;
    try {
      const attribution = await this.send(AttributionRequest, { suggestionId });
      if (attribution) entry.attribution = attribution;
      else entry.problem = 'the server no longer knows this suggestion';
    } catch (error) {
      entry.problem = error instanceof Error ? error.message : String(error);
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      if (this.entries.length === 0) return [{ kind: 'message', label: 'No inline suggestion yet' }];
      return this.entries.map((entry) => ({ kind: 'suggestion', entry }));
    }
    if (node.kind === 'suggestion') {
      const { attribution, problem } = node.entry;
      if (problem) return [{ kind: 'message', label: `Attribution unavailable: ${problem}` }];
      if (!attribution) return [{ kind: 'message', label: 'Asking the server…' }];
      const notes = (attribution.notes ?? []).map((note): Node => ({ kind: 'note', note }));
      if (attribution.matches.length === 0) return [...notes, { kind: 'message', label: 'No close training example' }];
      return [...notes, ...attribution.matches.map((match): Node => ({ kind: 'match', match }))];
    }
    if (node.kind === 'match') {
      const m = node.match;
      const where = m.line ? `${m.path}:${m.line}` : m.path;
      const snippet = m.snippet.split('\n').slice(0, SNIPPET_LINES);
      return [
        { kind: 'detail', label: where, description: m.repoUrl, url: m.repoUrl, tooltip: 'Open the repository' },
        ...snippet.map((line): Node => ({ kind: 'detail', label: line || ' ', tooltip: m.snippet })),
      ];
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'message':
        return new vscode.TreeItem(node.label);
      case 'suggestion': {
        const { entry } = node;
        const a = entry.attribution;
        const item = new vscode.TreeItem(
          `${entry.state === 'accepted' ? 'Accepted' : 'Shown'} suggestion`,
          entry === this.entries[0]
            ? vscode.TreeItemCollapsibleState.Expanded
            : vscode.TreeItemCollapsibleState.Collapsed,
        );
        const policy =
          a && a.policy.action !== 'allow'
            ? ` — ${a.policy.action}${a.policy.reason ? `: ${a.policy.reason}` : ''}`
            : '';
        const rated = entry.rating ? ` — rated ${entry.rating === 'up' ? 'good' : 'bad'}` : '';
        const removed = a?.notes?.length ? ` — output policy removed ${a.notes.length}` : '';
        item.description = `${a?.model ?? ''}${policy}${removed}${rated}`;
        item.tooltip = `Suggestion ${entry.suggestionId}${a?.attributedBy ? `\nMatched by the ${a.attributedBy}` : ''}`;
        item.contextValue = 'suggestion';
        item.iconPath = new vscode.ThemeIcon(
          a?.policy.action === 'block'
            ? 'error'
            : a?.policy.action === 'warn' || a?.notes?.length
              ? 'warning'
              : 'sparkle',
        );
        return item;
      }
      case 'note': {
        // Plain text (a tree item label renders no Markdown): what the model wrote is shown as written.
        const item = new vscode.TreeItem(node.note);
        item.tooltip = `Removed from the model's task by the output policy: ${node.note}`;
        item.iconPath = new vscode.ThemeIcon('shield');
        return item;
      }
      case 'match': {
        const m = node.match;
        const item = new vscode.TreeItem(matchLabel(m), vscode.TreeItemCollapsibleState.Collapsed);
        item.tooltip = new vscode.MarkdownString().appendCodeblock(m.snippet, 'yaml');
        item.iconPath = new vscode.ThemeIcon('repo');
        if (m.repoUrl)
          item.command = { command: OPEN_SOURCE_COMMAND, title: 'Open repository', arguments: [m.repoUrl] };
        return item;
      }
      case 'detail': {
        const item = new vscode.TreeItem(node.label);
        item.description = node.description;
        item.tooltip = node.tooltip;
        if (node.url) {
          item.iconPath = new vscode.ThemeIcon('link-external');
          item.command = { command: OPEN_SOURCE_COMMAND, title: 'Open repository', arguments: [node.url] };
        }
        return item;
      }
    }
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}

/** `community.general@9.1.0 — GPL-3.0-or-later — 0.92` */
export function matchLabel(m: AttributionMatch): string {
  const at = m.version ? `${m.collection}@${m.version}` : m.collection;
  return `${at} — ${m.license || 'licence unknown'} — ${m.score.toFixed(2)}`;
}

async function openSource(url: string): Promise<void> {
  if (!/^https?:\/\//.test(url)) {
    void vscode.window.showInformationMessage(`Ansible Scribe: no web address for this source (${url || 'none'}).`);
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url));
}
