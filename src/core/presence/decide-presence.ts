import type { Presence, PresenceChoice } from '../../contract/presence.ts';

/**
 * An agent's presence from their choice and their live tabs: no tab connected anywhere is
 * offline whatever they chose; a chosen `away` or `offline` sticks while they work; otherwise
 * one tab in use (visible and touched within the idle time) makes them online, and tabs that are
 * all idle or hidden make them away.
 */
export function decidePresence(choice: PresenceChoice, connections: readonly { active: boolean }[]): Presence {
  if (connections.length === 0 || choice === 'offline') return 'offline';
  if (choice === 'away') return 'away';
  return connections.some((c) => c.active) ? 'online' : 'away';
}
