import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SimContext } from '../context.ts';
import { answerFor, type PromptMessage } from './answers.ts';
import type { LanguageModelState } from './state.ts';

/**
 * An OpenAI-compatible `POST /v1/chat/completions` (what snorq's AI_BASE_URL points at in tests and
 * the sandbox). Checked against OpenAI's API reference and captured answers in open-source
 * clients' tests: a bearer key is required (401 `invalid_api_key`), `model` and a non-empty
 * `messages` of known roles are required (400 `invalid_request_error`), errors are
 * `{error: {message, type, param, code}}`. With `stream: true` the answer is `text/event-stream`:
 * a first chunk with `delta.role`, one `chat.completion.chunk` per word, a last one with
 * `finish_reason` and an empty delta, then `data: [DONE]`. `max_tokens` cuts the answer (about
 * four characters a token) with `finish_reason: "length"`.
 */

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'];

interface OpenAiError {
  status: number;
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

const refuse = (reply: FastifyReply, e: OpenAiError) => reply.code(e.status).send({ error: { message: e.message, type: e.type, param: e.param, code: e.code } });
const invalid = (message: string, param: string | null = null): OpenAiError => ({ status: 400, message, type: 'invalid_request_error', param, code: null });

/** The request as OpenAI reads it, or the refusal it answers. */
function readRequest(body: unknown, authorization: string | undefined): { model: string; messages: PromptMessage[]; stream: boolean; maxTokens: number | null } | OpenAiError {
  if (!/^Bearer \S+/.test(authorization ?? '')) {
    return {
      status: 401,
      message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    };
  }
  if (typeof body !== 'object' || body === null) return invalid('We could not parse the JSON body of your request.');
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || !b.model) return invalid('you must provide a model parameter', 'model');
  if (!Array.isArray(b.messages) || b.messages.length === 0) return invalid("[] is too short - 'messages'", 'messages');
  const messages: PromptMessage[] = [];
  for (const [i, m] of (b.messages as unknown[]).entries()) {
    const role = (m as { role?: unknown } | null)?.role;
    if (typeof role !== 'string' || !ROLES.includes(role))
      return invalid(`Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`, `messages[${i}].role`);
    const content = (m as { content?: unknown }).content;
    const text = typeof content === 'string' ? content : Array.isArray(content) ? content.map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : '')).join('') : null;
    if (text === null) return invalid(`Invalid type for 'messages[${i}].content': expected one of a string or array of objects, but got ${typeof content} instead.`, `messages[${i}].content`);
    messages.push({ role, content: text });
  }
  if (b.max_tokens !== undefined && (!Number.isInteger(b.max_tokens) || (b.max_tokens as number) < 1)) return invalid(`Invalid 'max_tokens': integer below minimum value.`, 'max_tokens');
  return { model: b.model, messages, stream: b.stream === true, maxTokens: (b.max_tokens as number | undefined) ?? null };
}

/** The answer the armed mode asks for, else the deterministic one. */
function answerText(mode: string | null, messages: PromptMessage[]): string {
  if (mode === 'garbage') return '\u0000\u0001\u0002 ### \u0003\u0004 ---\u0007';
  if (mode === 'refuse') return "I'm sorry, but I can't help with that.";
  const answer = answerFor(messages);
  if (mode === 'long') return Array.from({ length: 200 }, () => answer).join(' ');
  return answer;
}

export function registerLanguageModel(app: FastifyInstance, ctx: SimContext, state: LanguageModelState): void {
  app.post('/v1/chat/completions', async (req, reply) => {
    const request = readRequest(req.simBody, req.headers.authorization);
    if ('status' in request) return refuse(reply, request);
    const mode = state.take();
    if (mode === 'slow') await state.hold();
    if (mode === 'error') return refuse(reply, { status: 500, message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null });
    if (mode === 'rate_limit')
      return refuse(reply, {
        status: 429,
        message: `Rate limit reached for ${request.model} on requests per min (RPM): Limit 3, Used 3, Requested 1.`,
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      });
    let text = answerText(mode, request.messages);
    let finish = 'stop';
    if (request.maxTokens !== null && text.length > request.maxTokens * 4) {
      text = text.slice(0, request.maxTokens * 4);
      finish = 'length';
    }
    const id = `chatcmpl-${randomBytes(12).toString('base64url')}`;
    const created = Math.floor(ctx.now() / 1000);
    if (!request.stream) {
      const usage = { prompt_tokens: Math.ceil(JSON.stringify(request.messages).length / 4), completion_tokens: Math.ceil(text.length / 4) };
      return {
        id,
        object: 'chat.completion',
        created,
        model: request.model,
        choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: finish }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      };
    }
    const stream = new PassThrough();
    void streamAnswer(stream, { id, created, model: request.model }, text, finish, mode === 'pause' ? state : null);
    return reply.headers({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }).send(stream);
  });
}

/** The answer word by word as `chat.completion.chunk` events; with `pausing`, the rest waits after the first word. */
async function streamAnswer(stream: PassThrough, head: { id: string; created: number; model: string }, text: string, finish: string, pausing: LanguageModelState | null): Promise<void> {
  const chunk = (delta: Record<string, string>, finishReason: string | null) =>
    `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', system_fingerprint: 'fp_snorqsim', choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] })}\n\n`;
  stream.write(chunk({ role: 'assistant', content: '' }, null));
  const pieces = text.match(/\S+\s*|\s+/g) ?? [];
  for (const [i, piece] of pieces.entries()) {
    stream.write(chunk({ content: piece }, null));
    if (i === 0 && pausing) await pausing.hold();
  }
  stream.write(chunk({}, finish));
  stream.end('data: [DONE]\n\n');
}

/** `/_sim/language-model` (control secret required, as every `/_sim` route): arm a behaviour, let held answers go. */
export function registerLanguageModelControls(app: FastifyInstance, state: LanguageModelState, modes: readonly string[]): void {
  app.post('/_sim/language-model', async (req, reply) => {
    const body = (req.simBody ?? {}) as { mode?: unknown; times?: unknown };
    if (typeof body.mode !== 'string' || !modes.includes(body.mode)) return reply.code(400).send({ error: `mode must be one of ${modes.join(', ')}`, code: 'SIM_BAD_REQUEST' });
    const times = Number.isInteger(body.times) && (body.times as number) > 0 ? (body.times as number) : 1;
    state.set(body.mode as Parameters<LanguageModelState['set']>[0], times);
    return { mode: body.mode, times };
  });
  app.post('/_sim/language-model/release', async () => ({ released: state.release() }));
}
