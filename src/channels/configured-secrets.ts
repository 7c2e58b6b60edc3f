/** The configured values among `values`, once each, in order: an empty string is no secret (pitfall 3). */
export const configuredSecrets = (...values: (string | undefined)[]): string[] => [...new Set(values.filter((v): v is string => Boolean(v)))];
