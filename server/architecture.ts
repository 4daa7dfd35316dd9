import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, relative, resolve, sep } from 'node:path';

/** One edge of the project's import graph. */
export interface ImportEdge { from: string; to: string; typeOnly: boolean }

const IMPORT_RE = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function resolveImport(fromFile: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(fromFile), spec);
  for (const cand of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(cand) && statSync(cand).isFile()) return cand;
  }
  return null;
}

export function importGraph(root: string, dirs: string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const d of dirs) {
    for (const file of sourceFiles(join(root, d))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT_RE)) {
        const spec = m[3] ?? m[4];
        const to = resolveImport(file, spec);
        if (to) edges.push({ from: relative(root, file).split(sep).join('/'), to: relative(root, to).split(sep).join('/'), typeOnly: !!m[2] });
      }
    }
  }
  return edges;
}

const moduleOf = (p: string) => /^server\/modules\/([^/]+)\//.exec(p)?.[1];

/** The rules of ARCHITECTURE.md: modules meet only through index.ts; the platform knows no module. */
export function layeringViolations(edges: ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const fm = moduleOf(e.from);
    const tm = moduleOf(e.to);
    if (fm && tm && fm !== tm && !/^server\/modules\/[^/]+\/index\.ts$/.test(e.to)) out.push(`${e.from} → ${e.to}: another module's internals (use its index.ts)`);
    if (e.from.startsWith('server/platform/') && tm) out.push(`${e.from} → ${e.to}: the platform must not depend on a module`);
    if (e.from.startsWith('contracts/') && !e.to.startsWith('contracts/')) out.push(`${e.from} → ${e.to}: contracts depend only on contracts and zod`);
    if (e.from.startsWith('web/') && e.to.startsWith('server/')) out.push(`${e.from} → ${e.to}: the web app must not import server code`);
  }
  return out;
}

/** Import cycles among value imports (type-only imports vanish at run time). */
export function importCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (!e.typeOnly) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const cycles: string[][] = [];
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 1);
    stack.push(n);
    for (const m of next.get(n) ?? []) {
      if (state.get(m) === 1) cycles.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of next.keys()) if (!state.has(n)) visit(n);
  return cycles;
}
