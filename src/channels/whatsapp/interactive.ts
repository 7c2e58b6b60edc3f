import type { InteractiveContent, InteractiveLimits } from '../../text/interactive-limits.ts';

/**
 * WhatsApp's interactive messages (FACTS 4.3; checked against Meta's "Interactive reply buttons
 * messages" and "Interactive list messages" pages and the limits whatsapp-api-js and wax enforce):
 * reply buttons — 1 to 3, title ≤ 20, id ≤ 256, unique; a list — a button ≤ 20, up to 10 sections
 * (a title ≤ 24 each, required once there are two), at most 10 rows in all (title ≤ 24, id ≤ 200,
 * description ≤ 72); the body ≤ 1024 characters. Only inside the 24 h window, like any free reply.
 */
export const WHATSAPP_INTERACTIVE: InteractiveLimits = {
  buttons: { maxChoices: 3, titleMax: 20, idMax: 256 },
  list: { maxRows: 10, maxSections: 10, buttonMax: 20, sectionTitleMax: 24, rowTitleMax: 24, rowDescriptionMax: 72, descriptionRequired: false, idMax: 200 },
  body: { max: 1024, unit: 'characters' },
};

/** The `type: interactive` content of a send. */
export function interactiveContent(content: InteractiveContent, body: string): Record<string, unknown> {
  if (content.kind === 'buttons') {
    return {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: body },
        action: { buttons: content.choices.map((c) => ({ type: 'reply', reply: { id: c.id, title: c.title } })) },
      },
    };
  }
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: body },
      action: {
        button: content.button,
        sections: content.sections.map((s) => ({
          ...(s.title?.trim() && { title: s.title }),
          rows: s.rows.map((r) => ({ id: r.id, title: r.title, ...(r.description?.trim() && { description: r.description }) })),
        })),
      },
    },
  };
}
