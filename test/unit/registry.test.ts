import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entities } from '../../src/db/entities.ts';
import { featureModules } from '../../src/modules/registry.ts';

const SRC = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Class names that follow a decorator, e.g. `@Entity(...)\nexport class Need`. */
function decoratedClasses(decorator: string): { file: string; name: string }[] {
  const pattern = new RegExp(`@${decorator}\\([^]*?\\)\\s*(?:@[^\\n]*\\n\\s*)*export class (\\w+)`, 'g');
  return sourceFiles(SRC).flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(pattern)].map((match) => ({
      file: path.relative(SRC, file),
      name: match[1],
    })),
  );
}

describe('the module registry (src/modules/registry.ts)', () => {
  it('registers every entity in the sources, once', () => {
    const registered = entities.map((entity) => entity.name);
    const declared = decoratedClasses('Entity').map((found) => found.name);
    expect(declared.length).toBeGreaterThan(20);
    expect([...registered].sort()).toEqual([...declared].sort());
  });

  it('registers every resolver in the sources, once', async () => {
    const parts = await Promise.all(featureModules.map((module) => module.schema?.()));
    const registered = parts.flatMap((part) => part?.resolvers ?? []).map((resolver) => resolver.name);
    const declared = decoratedClasses('Resolver').map((found) => found.name);
    expect(declared.length).toBeGreaterThan(10);
    expect([...registered].sort()).toEqual([...declared].sort());
  });

  it('builds a request context without loading any resolver (a CLI or worker needs only loaders)', () => {
    const script = `
      const { getMetadataStorage } = await import('type-graphql');
      await import(${JSON.stringify(path.join(SRC, 'context.ts'))});
      const loaded = getMetadataStorage().resolverClasses.map((r) => r.target.name);
      console.log(JSON.stringify(loaded));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual([]);
  });
});
