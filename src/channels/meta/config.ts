import { z } from 'zod';
import { baseUrl, optionalString } from '../../config/env-values.ts';

/**
 * The variables Messenger, Instagram and WhatsApp Cloud share: the Facebook app (Facebook Login,
 * and the fallback signing secret of the others) and the Graph API's host and version. Each of
 * the three definitions spreads this shape into its own `config.env`.
 */
export const metaEnv = {
  FACEBOOK_APP_ID: optionalString,
  FACEBOOK_APP_SECRET: optionalString,
  META_GRAPH_URL: baseUrl('https://graph.facebook.com'),
  META_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v25.0')
    .default('v25.0'),
  META_OAUTH_URL: baseUrl('https://www.facebook.com'),
};

export const META_SECRETS = ['FACEBOOK_APP_SECRET'] as const;

/** The Graph host and version every Meta call is made against. */
export const metaGraphUrls = (env: { META_GRAPH_URL: string; META_GRAPH_VERSION: string }) => ({ metaGraph: env.META_GRAPH_URL, metaGraphVersion: env.META_GRAPH_VERSION });
