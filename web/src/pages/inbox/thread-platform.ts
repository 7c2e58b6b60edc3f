import { createContext, useContext } from 'react';

/** The open conversation's platform, for what a message offers there (reactions). Null while it loads. */
export const ThreadPlatformContext = createContext<string | null>(null);

export function useThreadPlatform(): string | null {
  return useContext(ThreadPlatformContext);
}
