import type { PGlite } from '@electric-sql/pglite';
import type { Db } from './db';

/*
 * Read cache for the embedded database (docs/adr/0004).
 *
 * PGlite runs every statement on the server's one JavaScript thread, and only this process may open
 * its folder (the data-directory lock). So every write that can change what a cached answer shows
 * passes through this process's PGlite client, where `watchWrites` sees it and moves the
 * generation on; answers of an older generation are never served. A read that was computed while a
 * write moved the generation is not stored. Writes that no cached answer reads (sessions, login
 * throttle) leave the generation alone.
 *
 * On PostgreSQL (several processes may write) there is no read cache.
 */
export class ReadCache {
  private entries = new Map<string, string>();
  private bytes = 0;
  generation = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024, private readonly maxEntries = 2_000) {}

  get(key: string): string | undefined {
    const v = this.entries.get(key);
    if (v === undefined) return undefined;
    // Keep recently used entries at the end of the map: eviction takes the oldest first.
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  /** Stores `value` if no write happened since `generation` was read. */
  set(key: string, value: string, generation: number) {
    if (generation !== this.generation || value.length * 2 > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined) { this.bytes -= old.length * 2; this.entries.delete(key); }
    this.entries.set(key, value);
    this.bytes += value.length * 2;
    while (this.bytes > this.maxBytes || this.entries.size > this.maxEntries) {
      const [k, v] = this.entries.entries().next().value!;
      this.entries.delete(k);
      this.bytes -= v.length * 2;
    }
  }

  invalidate() {
    this.generation++;
    if (this.entries.size) { this.entries.clear(); this.bytes = 0; }
  }

  get size() { return this.entries.size; }
}

/** Statements that only read: SELECT or WITH … SELECT with no word that writes or locks anywhere in
 *  the text (a data-modifying WITH, FOR UPDATE/SHARE). A false alarm only costs a cache flush. */
const READ_ONLY = /^\s*(select|with)\b/i;
const LOCKING = /\b(insert|update|delete|merge|truncate|copy|call|lock)\b|\bfor\s+(share|key\s+share)\b/i;
/** Tables no cached answer reads: their writes do not move the generation. */
const UNCACHED_TABLE = /^\s*(insert\s+into|update|delete\s+from)\s+"?(sessions|login_throttle)"?[\s(]/i;

export function isCacheNeutral(text: string): boolean {
  return (READ_ONLY.test(text) && !LOCKING.test(text)) || UNCACHED_TABLE.test(text);
}

/** Wraps a PGlite client so that every write (and every transaction) moves the cache's generation. */
export function watchWrites(client: PGlite, cache: ReadCache) {
  const c = client as unknown as Record<'query' | 'exec' | 'transaction', (...args: unknown[]) => Promise<unknown>>;
  for (const name of ['query', 'exec'] as const) {
    const original = c[name].bind(client);
    c[name] = async (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : '';
      if (isCacheNeutral(text)) return original(...args);
      cache.invalidate();
      try { return await original(...args); } finally { cache.invalidate(); }
    };
  }
  const transaction = c.transaction.bind(client);
  c.transaction = async (...args: unknown[]) => {
    cache.invalidate();
    try { return await transaction(...args); } finally { cache.invalidate(); }
  };
}

const caches = new WeakMap<object, ReadCache>();

export function attachReadCache(db: Db, cache: ReadCache) { caches.set(db, cache); }

/** The read cache of a database handle, when it has one (PGlite with the cache on). */
export function readCacheOf(db: Db): ReadCache | undefined { return caches.get(db); }

/**
 * Answers from the cache, or computes, serialises and (if no write intervened) stores the JSON text.
 * `serialize` must give exactly what the route's response schema would.
 */
export async function cachedJson<T>(db: Db, key: string, compute: () => Promise<T>, serialize: (value: T) => string): Promise<string> {
  const cache = readCacheOf(db);
  if (!cache) return serialize(await compute());
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const generation = cache.generation;
  const text = serialize(await compute());
  cache.set(key, text, generation);
  return text;
}

/**
 * The read cache, plus one computation per key at a time: when a write has just emptied the cache,
 * fifty readers of the term's statistics wait for one query instead of running fifty. Joining is
 * only allowed within one cache generation, so nobody is answered from before their own write.
 */
export function sharedJson<T>(inflight: Map<string, Promise<string>>, db: Db, key: string, compute: () => Promise<T>, serialize: (value: T) => string): Promise<string> {
  const generation = readCacheOf(db)?.generation;
  if (generation === undefined) return cachedJson(db, key, compute, serialize);
  const k = `${generation}|${key}`;
  let p = inflight.get(k);
  if (!p) {
    p = cachedJson(db, key, compute, serialize).finally(() => inflight.delete(k));
    inflight.set(k, p);
  }
  return p;
}
