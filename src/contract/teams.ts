import { z } from 'zod';
import { PrioritySchema } from './conversations.ts';

/** How a team's new conversations find an agent: nobody (an agent takes them), in turn, or the least busy. */
export const TeamStrategySchema = z.enum(['manual', 'round_robin', 'least_busy']);
export type TeamStrategy = z.infer<typeof TeamStrategySchema>;

export const TeamName = z.string().trim().min(1, 'give the team a name').max(80, 'at most 80 characters');
/** A response target in minutes of business hours (up to a year); null: none. */
export const TargetMinutes = z.number().int('whole minutes').min(1, 'at least 1 minute').max(525_600, 'at most 525,600 minutes (a year)').nullable();
const Cap = z.number().int('a whole number').min(1, 'at least 1').max(1000, 'at most 1,000').nullable();
const Ids = z.array(z.number().int().positive()).max(1000);

/** A team of agents: who is in it, which channels send it their new conversations, how it assigns them. */
export const TeamSchema = z.object({
  id: z.number(),
  name: z.string(),
  strategy: TeamStrategySchema,
  /** At most this many open conversations per agent before automatic assignment passes them over (null: no cap). */
  maxOpenPerAgent: z.number().nullable(),
  /** When an agent goes offline, their open conversations of this team go back to it. */
  reassignOffline: z.boolean(),
  firstResponseMinutes: z.number().nullable(),
  nextResponseMinutes: z.number().nullable(),
  memberIds: z.array(z.number()),
  channelIds: z.array(z.number()),
  /** Open conversations of the team nobody has yet (waiting for a free agent). */
  waiting: z.number(),
});
export type Team = z.infer<typeof TeamSchema>;

export const TeamList = z.object({ teams: z.array(TeamSchema) });
export const OneTeam = z.object({ team: TeamSchema });

const teamFields = {
  strategy: TeamStrategySchema.optional(),
  maxOpenPerAgent: Cap.optional(),
  reassignOffline: z.boolean().optional(),
  firstResponseMinutes: TargetMinutes.optional(),
  nextResponseMinutes: TargetMinutes.optional(),
  /** The team's members, all of them (replaces the list). */
  memberIds: Ids.optional(),
  /** The channels whose new conversations go to this team, all of them (each channel routes to one team: it leaves any other). */
  channelIds: Ids.optional(),
};
export const NewTeam = z.object({ name: TeamName, ...teamFields }).strict();
export const TeamChange = z.object({ name: TeamName.optional(), ...teamFields }).strict();

/** The organisation's response targets for one priority (minutes of business hours; null: none). */
export const PriorityTargetSchema = z.object({ priority: PrioritySchema, firstResponseMinutes: TargetMinutes, nextResponseMinutes: TargetMinutes });
export type PriorityTarget = z.infer<typeof PriorityTargetSchema>;
/** Every priority's targets; PUT replaces them all. */
export const PriorityTargets = z.object({ targets: z.array(PriorityTargetSchema).max(4) });
