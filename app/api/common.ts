// Schemas shared by several areas of the contract.
import { z } from 'zod';

export const SaleId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'not a sale id');
export const AttemptId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'not a payment attempt id');
/** Fils; the largest amount a till will ever key is far below this. */
export const MinorUnits = z.number().int().positive().max(100_000_000_00);
export const Empty = z.object({}).strict().optional();
