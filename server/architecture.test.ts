import { describe, it, expect } from 'vitest';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importGraph, layeringViolations, importCycles, type ImportEdge } from './architecture';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('architecture rules', () => {
  const edges = importGraph(root, ['server', 'contracts', 'web']);

  it('modules meet only through index.ts, the platform knows no module, contracts stand alone', () => {
    expect(edges.length).toBeGreaterThan(20);
    expect(layeringViolations(edges)).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(importCycles(edges)).toEqual([]);
  });

  it('the checks catch a deep import and a cycle', () => {
    const bad: ImportEdge[] = [
      { from: 'server/modules/repairs/repairs.service.ts', to: 'server/modules/assets/assets.tables.ts', typeOnly: false },
      { from: 'server/platform/db.ts', to: 'server/modules/org/index.ts', typeOnly: false },
      { from: 'server/a.ts', to: 'server/b.ts', typeOnly: false },
      { from: 'server/b.ts', to: 'server/a.ts', typeOnly: false },
    ];
    expect(layeringViolations(bad)).toHaveLength(2);
    expect(importCycles(bad)).toEqual([['server/a.ts', 'server/b.ts', 'server/a.ts']]);
  });
});
