import type { SimContext } from '../context.ts';
import type { MetaApp } from './apps.ts';

/** What the simulated Meta remembers beside the shared stores: the apps whose "Require App Secret" setting is on (graph/app-secret-proof.ts). */
export interface MetaState {
  requireAppSecret: Set<MetaApp>;
}

const states = new WeakMap<SimContext, MetaState>();

export function metaState(ctx: SimContext): MetaState {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = { requireAppSecret: new Set() }));
  return state;
}
