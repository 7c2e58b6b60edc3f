import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api/http.ts';
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
});
