// Enrols this till at an HQ once, with the chain's admin token; from then on it pushes with its own
// credential, which HQ stores only as a hash.
import { readStoredConfig } from '../settings/config.ts';
import type { SecretSealer } from '../settings/secrets.ts';
import { hqClient } from './client.ts';
import { ChainError, isEnrolled, saveLink, hqFile, type HqLink } from './link.ts';

export interface EnrolInput {
  hqUrl: string;
  adminToken: string;
  storeId: string;
  sealer?: SecretSealer | null;
  now?: Date;
}

export async function enrolTill(dataDir: string, input: EnrolInput): Promise<HqLink> {
  if (isEnrolled(dataDir)) {
    throw new ChainError('ALREADY_ENROLLED', `This till is already enrolled (${hqFile(dataDir)}): delete that file first to enrol it elsewhere.`);
  }
  const config = readStoredConfig(dataDir);
  const hqUrl = new URL(input.hqUrl).origin;
  const got = await hqClient.enrol(hqUrl, input.adminToken, { storeId: input.storeId, terminalId: config.terminalId, clientId: config.acquirer?.clientId ?? null });
  const link: HqLink = { hqUrl, storeId: got.storeId, terminalId: got.terminalId, credential: got.credential, enrolledAt: (input.now ?? new Date()).toISOString() };
  saveLink(dataDir, link, input.sealer ?? null);
  return link;
}
