import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getMetadataArgsStorage } from 'typeorm';
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

describe('table ownership in the sources', () => {
  it('has no module write, in raw SQL, a table another module owns', () => {
    const owner = new Map<string, string>();
    const tables = getMetadataArgsStorage().tables;
    for (const module of featureModules) {
      for (const entity of 'entities' in module ? (module.entities ?? []) : []) {
        const table = tables.find((t) => t.target === entity);
        owner.set(table?.name ?? snakeCase(entity.name), module.name);
      }
      for (const raw of 'rawTables' in module ? (module.rawTables ?? []) : []) owner.set(raw.table, module.name);
    }
    const writes = /\b(?:INSERT INTO|UPDATE|DELETE FROM)\s+([a-z_]+)/g;
    const breaches: string[] = [];
    for (const file of sourceFiles(path.join(SRC, 'modules'))) {
      const module = path.relative(path.join(SRC, 'modules'), file).split(path.sep)[0];
      for (const match of fs.readFileSync(file, 'utf8').matchAll(writes)) {
        const table = match[1];
        if (!owner.has(table)) continue; // a SQL word after UPDATE (e.g. ON CONFLICT DO UPDATE SET)
        if (owner.get(table) !== module)
          breaches.push(`${path.relative(SRC, file)} writes ${table} (owned by ${owner.get(table)})`);
      }
    }
    expect(owner.size).toBeGreaterThan(25);
    expect(breaches).toEqual([]);
  });
});

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
