#!/usr/bin/env node
// The `souq` command: installers, managers, scripts and the tests all use it.
import { register } from 'tsx/esm/api';

register();
await import('../app/cli/main.ts');
