/** The error beside a form field (the check before sending, or the server's refusal of that field). */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="field__error" id={id} role="alert" data-testid={id}>
      {message}
    </span>
  );
}
