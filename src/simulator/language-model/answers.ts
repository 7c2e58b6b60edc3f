/**
 * The simulated model's answers: deterministic, derived from the prompt, so that tests and the
 * demo see the same answer to the same question. It understands three tasks by the words of the
 * system message, as a real model would read them: a translation ("translate … into German"), a
 * summary ("summarise"), otherwise a reply to write. No language knowledge: a "translation" marks
 * each line with the language it was asked for.
 */

export interface PromptMessage {
  role: string;
  content: string;
}

export function answerFor(messages: PromptMessage[]): string {
  const system = messages
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => m.content)
    .join('\n');
  const user = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  if (/\btranslate\b/i.test(system)) return translation(user, targetLanguage(system));
  if (/\bsummari[sz]e\b/i.test(system)) return summary(user);
  return draft(user);
}

/** "into German"; "into the language the customer writes in" guesses from the quoted customer lines. */
function targetLanguage(system: string): string {
  const named = /\binto ([A-Z][a-z]+)/.exec(system)?.[1];
  if (named) return named;
  const quoted = system
    .split('\n')
    .filter((l) => l.startsWith('> '))
    .join(' ')
    .toLowerCase();
  if (/\b(hola|gracias|dónde|donde|pedido|por favor)\b/.test(quoted)) return 'Spanish';
  if (/\b(hallo|danke|bitte|bestellung|wo ist)\b/.test(quoted)) return 'German';
  if (/\b(bonjour|merci|commande)\b/.test(quoted)) return 'French';
  return 'English';
}

/** Each line marked with the language; a numbered line (`[2] …`) keeps its number first. */
function translation(text: string, language: string): string {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const numbered = /^(\[\d+\])\s*(.*)$/.exec(l);
      return numbered ? `${numbered[1]} (${language}) ${numbered[2]}` : `(${language}) ${l.trim()}`;
    })
    .join('\n');
}

function summary(transcript: string): string {
  const customer = transcript.split('\n').filter((l) => l.startsWith('Customer: '));
  const agent = transcript.split('\n').filter((l) => l.startsWith('Agent: '));
  const latest = customer.at(-1)?.slice('Customer: '.length).slice(0, 80) ?? '';
  return `The customer wrote ${customer.length} message(s) and the team answered ${agent.length} time(s). Latest from the customer: "${latest}".`;
}

/** The first of the team's answers listed in the prompt, else a reply naming the customer's latest words. */
function draft(prompt: string): string {
  const listed = prompt
    .split('\n')
    .find((l) => l.startsWith('- '))
    ?.slice(2)
    .replace(/^\/[\w-]+:\s*/, '');
  if (listed) return `Thanks for your message! ${listed}`;
  const latest = prompt
    .split('\n')
    .filter((l) => l.startsWith('Customer: '))
    .at(-1)
    ?.slice('Customer: '.length)
    .slice(0, 60);
  if (latest) return `Thanks for your message about "${latest}". We are looking into it and will get back to you shortly.`;
  return 'Thanks for your message! How can we help you today?';
}
