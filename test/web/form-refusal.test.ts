import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api/http.ts';
import { i18next } from '../../web/src/i18n/i18n.ts';
import { fieldErrorsOf } from '../../web/src/lib/field-errors.ts';
import { refusalOf } from '../../web/src/lib/form-refusal.ts';

describe('refusalOf: where a form shows the server’s refusal', () => {
  it('puts a conflict naming a field beside that field', () => {
    const err = new ApiError(409, 'CONFLICT', 'a user with this email already exists', { field: 'email' });
    expect(refusalOf(err, ['name', 'email'])).toEqual({ fields: { email: 'a user with this email already exists' }, form: null });
  });

  it('puts each validation issue beside its field, the first one per field, and the rest on the form', () => {
    const err = new ApiError(400, 'VALIDATION_FAILED', 'the request is not valid', {
      issues: [
        { path: '/password', message: 'must be at least 10 characters' },
        { path: '/password', message: 'second' },
        { path: '/', message: 'give a name or a role' },
      ],
    });
    expect(refusalOf(err, ['password'])).toEqual({ fields: { password: 'must be at least 10 characters' }, form: 'give a name or a role' });
  });

  it('keeps a field the form does not have, and any other error, as the form’s', () => {
    expect(refusalOf(new ApiError(409, 'CONFLICT', 'taken', { field: 'shortcut' }), ['email'])).toEqual({ fields: {}, form: 'taken' });
    expect(refusalOf(new ApiError(409, 'LAST_ADMIN', 'the last admin stays'), ['role'])).toEqual({ fields: {}, form: 'the last admin stays' });
    expect(refusalOf(null, ['email'])).toEqual({ fields: {}, form: null });
  });

  describe('in the reader’s language, by each reason’s code', () => {
    afterEach(() => i18next.changeLanguage('en'));
    const refused = () =>
      new ApiError(400, 'VALIDATION_FAILED', 'the request is not valid', {
        issues: [
          { path: '/name', message: 'Too big: expected string to have <=80 characters', code: 'field.tooLong', params: { count: 80 } },
          { path: '/email', message: 'Invalid email address', code: 'field.email' },
          { path: '/token', message: 'Paste the bot token @BotFather gave you.', code: 'field.empty' },
        ],
      });

    it('shows German field reasons and a finer reason of a refusal', async () => {
      await i18next.changeLanguage('de');
      expect(refusalOf(refused(), ['name', 'email', 'token']).fields).toEqual({ name: 'Höchstens 80 Zeichen.', email: 'Das ist keine E-Mail-Adresse.', token: 'Dieses Feld darf nicht leer sein.' });
      const wrong = new ApiError(403, 'FORBIDDEN', 'the current password is not right', { field: 'currentPassword', reason: 'WRONG_CURRENT_PASSWORD' });
      expect(refusalOf(wrong, ['currentPassword']).fields).toEqual({ currentPassword: 'Das aktuelle Passwort ist nicht richtig.' });
      const taken = new ApiError(409, 'CONFLICT', 'a label "vip" already exists', { field: 'name', reason: 'LABEL_NAME_TAKEN', name: 'vip' });
      expect(fieldErrorsOf(taken)).toEqual({ name: 'Ein Label „vip“ gibt es bereits.' });
      expect(new ApiError(429, 'RATE_LIMITED', 'too many syncs; try again in 42 s', { retryAfterSeconds: 42 }).message).toBe('Zu viele Versuche in kurzer Zeit; versuchen Sie es in 42 s erneut.');
    });

    it('reads zod’s wording better in English, and keeps a schema’s own message', async () => {
      await i18next.changeLanguage('en');
      expect(fieldErrorsOf(refused())).toEqual({ name: 'At most 80 characters.', email: 'This is not an e-mail address.', token: 'Paste the bot token @BotFather gave you.' });
    });
  });
});
