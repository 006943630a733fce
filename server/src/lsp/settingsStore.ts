// Pulls the `scribe` settings per document through workspace/configuration (when the client
// supports it), types them once with readSettings, and reports problems once per distinct problem.

import {
  DidChangeConfigurationNotification,
  type ClientCapabilities,
  type Connection,
} from 'vscode-languageserver/node';
import { defaultSettings, readSettings, type ScribeSettings } from '../settings';

export class SettingsStore {
  private pullSupported = false;
  private dynamicRegistration = false;
  private readonly perUri = new Map<string, Promise<ScribeSettings>>();
  private globalSettings: ScribeSettings = defaultSettings;
  private reported = '';
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    private readonly onProblems: (problems: string[]) => void,
  ) {}

  setCapabilities(c: ClientCapabilities): void {
    this.pullSupported = !!c.workspace?.configuration;
    this.dynamicRegistration = !!c.workspace?.didChangeConfiguration?.dynamicRegistration;
  }

  registerForChanges(): Promise<void> {
    if (this.dynamicRegistration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'scribe' });
    }
    return this.refreshGlobal();
  }

  /** Settings without a document scope (used for the module catalog). */
  global(): ScribeSettings {
    return this.globalSettings;
  }

  /** Settings without a document scope, once a refresh in flight (a settings change) is done. */
  async latestGlobal(): Promise<ScribeSettings> {
    await this.refreshing;
    return this.globalSettings;
  }

  forDocument(uri: string): Promise<ScribeSettings> {
    let p = this.perUri.get(uri);
    if (!p) {
      p = this.pull(uri);
      this.perUri.set(uri, p);
    }
    return p;
  }

  forget(uri: string): void {
    this.perUri.delete(uri);
  }

  clear(): Promise<void> {
    this.perUri.clear();
    return this.refreshGlobal();
  }

  private refreshGlobal(): Promise<void> {
    this.refreshing = this.pull(undefined).then((s) => {
      this.globalSettings = s;
    });
    return this.refreshing;
  }

  private async pull(scopeUri: string | undefined): Promise<ScribeSettings> {
    if (!this.pullSupported) return defaultSettings;
    let raw: unknown;
    try {
      raw = await this.connection.workspace.getConfiguration({ scopeUri, section: 'scribe' });
    } catch {
      return defaultSettings;
    }
    const { settings, problems } = readSettings(raw);
    const key = problems.join('\n');
    if (key !== this.reported) {
      this.reported = key;
      this.onProblems(problems);
    }
    return settings;
  }
}
