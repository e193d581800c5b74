// What the host tests share: the browser host serving a one-page renderer in front of the real API
// service, on a temp folder (engine stopped), over real loopback HTTP.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApi, type ApiCore } from '../../app/handlers/index.ts';
import { startHost, type Host } from '../../app/host/server.ts';

export interface TestHost {
  dir: string;
  core: ApiCore;
  host: Host;
  /** Closes the host, then the core, then removes the folder. */
  stop(): Promise<void>;
}

export async function hostOnTempDir(label: string, opts: { customerDisplay?: boolean } = {}): Promise<TestHost> {
  const dir = mkdtempSync(join(tmpdir(), `souq-host-${label}-`));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Souq</title>');
  const core = await openApi({ dataDir: join(dir, 'data'), startEngine: false, log: () => {} });
  const host = await startHost({ service: core.service, rendererDir: renderer, log: () => {}, ...(opts.customerDisplay ? { customerDisplay: core.display } : {}) });
  return {
    dir,
    core,
    host,
    async stop() {
      await host.close();
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
