import { createContext, useContext } from 'react';
import type { Message } from '../../../api/types.ts';

/** What the thread's bubbles offer for forwarding: Forward one message, or select several. */
export interface ForwardActions {
  /** Several messages are being selected (each bubble shows its check box). */
  selecting: boolean;
  selected: readonly number[];
  /** The selection is at its maximum: the others' boxes are disabled. */
  full: boolean;
  /** Open the forward dialog with this message. */
  forward: (message: Message) => void;
  /** Start selecting with this message, or add it or take it out. */
  toggle: (message: Message) => void;
}

export const ForwardContext = createContext<ForwardActions | null>(null);

/** Null outside a thread that forwards (the bubbles then offer nothing). */
export function useForwardActions(): ForwardActions | null {
  return useContext(ForwardContext);
}
