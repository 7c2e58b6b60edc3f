import { afterEach, describe, expect, it } from 'vitest';
import { THREAD_TEXT_CODES, THREAD_TEXT_ENGLISH, threadTextEnglish, type ThreadText } from '../../src/contract/thread-texts.ts';
import { i18next } from '../../web/src/i18n/i18n.ts';
import { noticeText, threadLineText } from '../../web/src/lib/thread-notice.ts';

const rule: ThreadText = {
  code: 'automation.rule',
  params: { rule: 'VIP' },
  parts: [
    { code: 'automation.assignedTeam', params: { team: 'Billing' } },
    { code: 'automation.setPriority.urgent' },
    { code: 'automation.failed.send_canned', params: { reason: 'the reply window is closed', reasonCode: 'platformError.WINDOW_CLOSED' } },
  ],
};

/** A line as the thread renders it from the message (the server's English in `content`). */
const line = (text: ThreadText) => noticeText({ contentType: 'system', content: threadTextEnglish(text), referral: null, system: null, contentText: text });

describe('lines snorq writes in the thread, in the reader’s language', () => {
  afterEach(() => i18next.changeLanguage('en'));

  it('has the server’s own English for every code (the API’s `content` and the app say the same)', () => {
    for (const code of THREAD_TEXT_CODES) expect(i18next.t(`server-texts:${code}` as never, { lng: 'en' }), code).toBe(THREAD_TEXT_ENGLISH[code]);
  });

  it('says who assigned a conversation, in English, German and Spanish', async () => {
    const assigned: ThreadText = { code: 'activity.assigned', params: { by: 'Ana', to: 'Ben' } };
    const routed: ThreadText = { code: 'activity.routed', params: { to: 'Ben', team: 'Billing' } };
    expect(line(assigned)).toBe('Ana assigned this to Ben');
    expect(line({ code: 'activity.took', params: { by: 'Ana' } })).toBe('Ana took this');
    expect(line(routed)).toBe('Assigned to Ben by routing (team Billing)');
    await i18next.changeLanguage('de');
    expect(line(assigned)).toBe('Ana hat dies Ben zugewiesen');
    expect(line(routed)).toBe('Vom Routing Ben zugewiesen (Team Billing)');
    expect(line({ code: 'activity.unassigned', params: { by: 'Ana' } })).toBe('Ana hat die Zuweisung aufgehoben');
    await i18next.changeLanguage('es');
    expect(line(assigned)).toBe('Ana asignó esto a Ben');
    expect(line({ code: 'activity.released', params: { from: 'Ben', team: 'Billing' } })).toBe('De vuelta al equipo Billing: Ben se desconectó');
  });

  it('writes a rule’s run as its name and each action, a refusal with the platform’s reason in the reader’s language', async () => {
    expect(line(rule)).toBe('Rule “VIP”: assigned this to team Billing; set the priority to urgent; could not send the canned reply: the reply window is closed');
    await i18next.changeLanguage('de');
    expect(line(rule)).toBe(
      `Regel „VIP“: hat dies dem Team Billing zugewiesen; hat die Priorität auf dringend gesetzt; konnte den Textbaustein nicht senden: ${i18next.t('server-texts:platformError.WINDOW_CLOSED')}`,
    );
    await i18next.changeLanguage('es');
    expect(threadLineText({ code: 'automation.greetingNotSent', params: { reason: 'the channel is disconnected' } }, 'x')).toBe('Saludo no enviado: the channel is disconnected');
  });

  it('shows the server’s English for a code this app does not know (a newer server)', async () => {
    await i18next.changeLanguage('de');
    const newer = { code: 'automation.rule', params: { rule: 'VIP' }, parts: [{ code: 'automation.somethingNew' }] } as unknown as ThreadText;
    expect(threadLineText(newer, 'Rule “VIP”: did something new')).toBe('Rule “VIP”: did something new');
  });
});
