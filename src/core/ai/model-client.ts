/**
 * The one way snorq talks to a language model: an OpenAI-compatible `POST <base>/chat/completions`
 * with `stream: true` (OpenAI, Azure OpenAI, Ollama, vLLM and llama.cpp all serve it). The answer
 * arrives as server-sent events, one `data: {chat.completion.chunk}` line per piece and
 * `data: [DONE]` at the end; a server that ignores `stream` and answers one JSON
 * `chat.completion` is read too. Every failure becomes a ModelFailure whose kind the callers
 * turn into a notice: nothing here retries, and nothing here sends anything to a customer.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ModelEndpoint {
  /** Up to and including `/v1`, without a trailing slash. */
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /** Longest wait for the answer's next piece (the first one included). */
  timeoutMs: number;
}

/** Why there is no usable answer: the notice the agent reads says which. */
export type ModelFailureKind = 'timeout' | 'error' | 'refused' | 'garbage';

export class ModelFailure extends Error {
  constructor(
    readonly kind: ModelFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'ModelFailure';
  }
}

export interface StreamOptions {
  /** Each piece of text as it arrives; returning false stops reading (the answer is long enough). */
  onDelta?: (piece: string) => boolean | void;
  /** The caller went away (the agent closed the thread): the request to the model is aborted too. */
  signal?: AbortSignal;
  maxTokens?: number;
}

export interface ModelAnswer {
  text: string;
  /** `stop`, `length`, … as the model says; null when snorq stopped reading first. */
  finishReason: string | null;
  /** True when `onDelta` asked to stop before the model finished. */
  stopped: boolean;
}

interface ChunkChoice {
  delta?: { content?: string | null; refusal?: string | null };
  message?: { content?: string | null; refusal?: string | null };
  finish_reason?: string | null;
}
interface Chunk {
  choices?: ChunkChoice[];
  error?: { message?: string };
}

/** Ask the model and read its answer piece by piece; throws ModelFailure. */
export async function streamChat(endpoint: ModelEndpoint, messages: ChatMessage[], options: StreamOptions = {}): Promise<ModelAnswer> {
  const abort = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, endpoint.timeoutMs);
  };
  const onCallerAbort = () => abort.abort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  arm();
  try {
    const res = await post(endpoint, messages, options.maxTokens, abort.signal);
    if (!res.ok) throw new ModelFailure('error', `the model answered HTTP ${res.status}: ${await errorMessage(res)}`);
    if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) return wholeAnswer(await res.json().catch(() => null));
    return await readEvents(res, options.onDelta, arm, () => abort.abort());
  } catch (err) {
    if (err instanceof ModelFailure) throw err;
    if (timedOut) throw new ModelFailure('timeout', `the model sent nothing for ${endpoint.timeoutMs} ms`);
    if (options.signal?.aborted) throw new ModelFailure('error', 'cancelled');
    throw new ModelFailure('error', `the model could not be reached: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

function post(endpoint: ModelEndpoint, messages: ChatMessage[], maxTokens: number | undefined, signal: AbortSignal): Promise<Response> {
  return fetch(`${endpoint.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}) },
    body: JSON.stringify({ model: endpoint.model, messages, stream: true, temperature: 0.3, ...(maxTokens ? { max_tokens: maxTokens } : {}) }),
    signal,
  });
}

/** The `{error: {message}}` OpenAI-compatible servers answer with, or the start of whatever else came. */
async function errorMessage(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const message = (JSON.parse(text) as Chunk).error?.message;
    if (message) return message.slice(0, 300);
  } catch {
    // not JSON: the text itself says more than nothing
  }
  return text.slice(0, 300) || res.statusText;
}

/** A non-streamed `chat.completion`. */
function wholeAnswer(body: unknown): ModelAnswer {
  const choice = (body as Chunk | null)?.choices?.[0];
  if (!choice) throw new ModelFailure('garbage', 'the model answered without a choice');
  if (choice.message?.refusal || choice.finish_reason === 'content_filter') throw new ModelFailure('refused', 'the model refused to answer');
  return { text: choice.message?.content ?? '', finishReason: choice.finish_reason ?? null, stopped: false };
}

/** Server-sent events: `data:` lines, blank-line separated; `[DONE]` ends the answer. */
async function readEvents(res: Response, onDelta: StreamOptions['onDelta'], rearm: () => void, stop: () => void): Promise<ModelAnswer> {
  if (!res.body) throw new ModelFailure('garbage', 'the model answered with an empty stream');
  const decoder = new TextDecoder();
  let buffered = '';
  let text = '';
  let finishReason: string | null = null;
  let stopped = false;
  reading: for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
    rearm();
    buffered += decoder.decode(bytes, { stream: true });
    const lines = buffered.split(/\r?\n/);
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const data = /^data:\s?(.*)$/.exec(line)?.[1];
      if (data === undefined || data === '') continue;
      if (data.trim() === '[DONE]') return { text, finishReason, stopped: false };
      const chunk = parseChunk(data);
      const choice = chunk.choices?.[0];
      if (choice?.delta?.refusal || choice?.finish_reason === 'content_filter') throw new ModelFailure('refused', 'the model refused to answer');
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      const piece = choice?.delta?.content;
      if (!piece) continue;
      text += piece;
      if (onDelta?.(piece) === false) {
        stopped = true;
        break reading;
      }
    }
  }
  if (stopped) {
    // Leaving the loop released the body; the request is aborted so the model stops writing too.
    stop();
    return { text, finishReason: null, stopped: true };
  }
  // The stream ended without [DONE]: what came is kept if the model said it had finished.
  if (finishReason) return { text, finishReason, stopped: false };
  throw new ModelFailure('error', 'the model’s answer broke off');
}

function parseChunk(data: string): Chunk {
  let chunk: Chunk;
  try {
    chunk = JSON.parse(data) as Chunk;
  } catch {
    throw new ModelFailure('garbage', 'the model’s stream held something that is not JSON');
  }
  if (chunk.error) throw new ModelFailure('error', `the model failed: ${chunk.error.message ?? 'no reason given'}`);
  return chunk;
}
