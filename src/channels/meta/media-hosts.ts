/** The hosts Meta serves media and Graph answers from (FACTS 2.5, 3.5, 4.5): Facebook's and Instagram's CDNs, Graph, WhatsApp's media host. */
export const META_MEDIA_HOSTS: readonly string[] = ['.fbcdn.net', '.fbsbx.com', '.cdninstagram.com', 'graph.facebook.com', 'graph.instagram.com', '.whatsapp.net'];

/** Meta's attachments are at most 25 MB (FACTS 2.5). */
export const META_ATTACHMENT_MAX_BYTES = 25 * 1_048_576;
