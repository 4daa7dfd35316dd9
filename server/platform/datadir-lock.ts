import { openSync, writeSync, closeSync, readFileSync, unlinkSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Two processes on one PGlite folder silently lose writes: hold an exclusive pid lock.
 * A lock left by a process that no longer exists (kill -9, power loss) is taken over.
 */
export class DataDirLockedError extends Error {
  constructor(public readonly dir: string, public readonly pid: number) {
    super(`数据目录 ${dir} 正被进程 ${pid} 使用。同一数据目录只能由一个 Houqin 进程打开；请先停止该进程。\n` +
      `The data directory ${dir} is in use by process ${pid}. Only one Houqin process may open it; stop that process first.`);
  }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'houqin.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try { if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file); } catch { /* already gone */ }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pid && pid !== process.pid && alive(pid)) throw new DataDirLockedError(dir, pid);
      try { unlinkSync(file); } catch { /* another starter removed it first */ }
    }
  }
  throw new Error(`could not lock ${dir}`);
}
