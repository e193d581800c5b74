// The journal's files must stay the files this process opened. SQLite keeps the database and its
// WAL open by descriptor: if someone deletes or replaces souq.sqlite-wal (a cleanup script, a
// restore copied over a running till), this process goes on writing into a file nobody else can
// see, another process (`souq pay`, `souq serve`) starts a new WAL beside it, and at the next crash
// or restart every payment written since is gone. Nothing inside SQLite notices; comparing the
// device and inode numbers at the path with those seen at open does.
import { statSync } from 'node:fs';

interface Identity {
  dev: number;
  ino: number;
}

export interface JournalFileChange {
  /** The file whose identity changed. */
  file: string;
  how: 'deleted' | 'replaced';
}

function identityOf(file: string): Identity | null {
  try {
    const st = statSync(file);
    return { dev: st.dev, ino: st.ino };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export class JournalFileWatch {
  private readonly seen = new Map<string, Identity | null>();

  /** Call right after the database is opened in WAL mode (its -wal exists from then on). */
  constructor(dbFile: string) {
    for (const f of [dbFile, `${dbFile}-wal`]) this.seen.set(f, identityOf(f));
  }

  /** The first file that is no longer the one opened, or null when both still are. */
  check(): JournalFileChange | null {
    for (const [file, was] of this.seen) {
      let now: Identity | null;
      try {
        now = identityOf(file);
      } catch {
        // A stat that fails for another reason (EIO, EACCES) says nothing about identity; the
        // next write will say what is wrong with the disk.
        continue;
      }
      if (was === null) {
        // Not there at open (a read-only open, say): the first one seen is the one to keep.
        if (now) this.seen.set(file, now);
        continue;
      }
      if (now === null) return { file, how: 'deleted' };
      if (now.dev !== was.dev || now.ino !== was.ino) return { file, how: 'replaced' };
    }
    return null;
  }
}
