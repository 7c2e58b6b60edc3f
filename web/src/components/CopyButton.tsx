import { useState } from 'react';
import { Check, Copy } from 'lucide-react';

/** Copies `text` to the clipboard and says so; the text stays selectable if the browser refuses. */
export function CopyButton({ text, label, copiedLabel, testId }: { text: string; label: string; copiedLabel: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard
      ?.writeText(text)
      .then(() => setCopied(true))
      .catch(() => setCopied(false));
  };
  return (
    <button type="button" className="button button--small" onClick={copy} data-testid={testId}>
      {copied ? <Check size={16} aria-hidden="true" /> : <Copy size={16} aria-hidden="true" />}
      {copied ? copiedLabel : label}
    </button>
  );
}
