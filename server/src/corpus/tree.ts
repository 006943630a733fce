// Reads a `--dir` tree: its task files, licence, repository URL and commit (from .git).

import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isYaml, listFiles, readText } from './files';
import { readGitInfo } from './gitInfo';
import { CorpusInputError } from './inputError';
import { toSpdx } from './spdx';
import { treeLicence, treeName, type TreeFile, type TreeInfo } from './treeSource';

export interface Tree {
  root: string;
  info: TreeInfo;
  files: TreeFile[];
  readRoleFile: (roleDir: string, rel: string) => string | undefined;
}

/** Throws a CorpusInputError unless `dir` is a readable folder; returns its absolute path. */
export function checkTree(dir: string): string {
  const root = resolve(dir);
  try {
    if (!statSync(root).isDirectory()) throw new CorpusInputError(`${dir}: not a folder`);
    readdirSync(root);
  } catch (e) {
    if (e instanceof CorpusInputError) throw e;
    throw new CorpusInputError(`${dir}: cannot read folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return root;
}

export function readTree(dir: string, license?: string): Tree {
  const root = checkTree(dir);
  const git = readGitInfo(root);
  const info: TreeInfo = {
    source: 'dir',
    collection: treeName(root, git.repoUrl),
    version: git.commit,
    repoUrl: git.repoUrl,
    licence: license ? toSpdx(license) : treeLicence(root),
  };
  const files: TreeFile[] = [];
  for (const path of listFiles(root, isYaml)) {
    const text = readText(join(root, path));
    if (text !== undefined) files.push({ path, text });
  }
  return { root, info, files, readRoleFile: (roleDir, rel) => readText(join(root, roleDir, rel)) };
}

/** For the cache key: the newest modification among the tree's YAML files and its git HEAD. */
export function treeStamp(dir: string): string {
  const root = resolve(dir);
  let newest = 0;
  let count = 0;
  for (const p of listFiles(root, isYaml)) {
    count++;
    try {
      newest = Math.max(newest, statSync(join(root, p)).mtimeMs);
    } catch {
      // vanished while listing
    }
  }
  return `${root}:${count}:${newest}:${readGitInfo(root).commit}`;
}
