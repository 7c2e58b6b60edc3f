import { z } from 'zod';

/** GET /healthz: the process is up (says nothing of the database). */
export const Alive = z.object({ status: z.literal('ok') });
/** GET /readyz: the database answers (503 while it does not, so a balancer skips the instance). */
export const Ready = z.object({ status: z.literal('ready') });
export const NotReady = z.object({ status: z.literal('unavailable'), reason: z.string() });
