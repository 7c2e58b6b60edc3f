// What scripts/container-check.sh asks of a snorq running in a container, from the host through
// the published port: take a webhook signed as Meta signs it (and refuse one signed wrongly), and
// show that a message is stored, through the API as an agent would find it.
//
//   tsx scripts/container-probe.ts send   <base url> <word>   # POST a signed WhatsApp message
//   tsx scripts/container-probe.ts expect <base url> <word>   # sign in, search until it is there
//
// The container is started with the channel below (WHATSAPP_* variables) and the admin below, as
// bench/lib/snorq-process.ts starts its production snorq.
import { metaSignature, whatsappText } from '../test/helpers/signing.ts';

export const PROBE_CHANNEL = { phoneNumberId: '100200300400500', appSecret: 'container-check-secret' } as const;
export const PROBE_ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' } as const;

async function send(base: string, word: string): Promise<void> {
  const payload = whatsappText({ phoneNumberId: PROBE_CHANNEL.phoneNumberId, from: '4915000000001', name: 'Container Check', id: `wamid.${word}`, text: `hello ${word}`, timestamp: Date.now() });
  const body = Buffer.from(JSON.stringify(payload));
  const post = (signature: string) => fetch(`${base}/api/v1/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
  const forged = await post(metaSignature('not-the-app-secret', body));
  if (forged.ok) throw new Error(`a webhook signed with the wrong secret was accepted (${forged.status})`);
  const signed = await post(metaSignature(PROBE_CHANNEL.appSecret, body));
  if (signed.status !== 200) throw new Error(`the signed webhook got ${signed.status}: ${await signed.text()}`);
  console.log(`webhook: wrong signature ${forged.status}, signed ${signed.status}`);
}

async function expectStored(base: string, word: string): Promise<void> {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(PROBE_ADMIN) });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  // A webhook's 200 means journaled; the message is applied just after, so look a few times.
  for (let attempt = 0; attempt < 30; attempt++) {
    const res = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(word)}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`search failed: ${res.status} ${await res.text()}`);
    const { results } = (await res.json()) as { results: { type: string; snippet: string }[] };
    const hit = results.find((r) => r.type === 'message' && r.snippet.includes(word));
    if (hit) {
      console.log(`stored: "${hit.snippet}"`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no stored message contains ${word}`);
}

const [command, base, word] = process.argv.slice(2);
if (!base || !word || (command !== 'send' && command !== 'expect')) {
  console.error('usage: tsx scripts/container-probe.ts send|expect <base url> <word>');
  process.exit(2);
}
await (command === 'send' ? send(base, word) : expectStored(base, word));
