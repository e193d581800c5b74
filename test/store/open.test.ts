// Opening the store where a data folder cannot be made: words for the person, nothing else touched.
import { describe, expect, it } from 'vitest';
import { openDb, StoreError } from '../../app/store/db.ts';

describe('openDb on a data folder that cannot be created', () => {
  // sysfs refuses mkdir even to root, so this holds for any user on Linux.
  it.runIf(process.platform === 'linux')('(Linux only: needs sysfs) says which folder and how to choose another, instead of a raw EPERM', () => {
    let caught: unknown;
    try {
      openDb('/sys/souq-no-such-folder/souq.sqlite').close();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as StoreError).code).toBe('DB_OPEN_FAILED');
    expect((caught as StoreError).message).toMatch(/^Cannot create the data folder \/sys\/souq-no-such-folder \(E[A-Z]+\): choose a folder this user can write with --data-dir or SOUQ_DATA_DIR\.$/);
  });
});
