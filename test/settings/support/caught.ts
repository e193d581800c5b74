import { expect } from 'vitest';
import { ConfigError } from '../../../app/settings/config.ts';

/** The ConfigError `fn` throws; fails the test when it throws nothing or something else. */
export function caught(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}
