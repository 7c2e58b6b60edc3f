import { X } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { prefixWithin } from '../../../../src/text/cut-text.ts';

interface Props {
  labels: string[];
  disabled: boolean;
  onChange: (labels: string[]) => void;
}

/** Labels as removable chips and a field to add one (Enter). */
export function LabelEditor({ labels, disabled, onChange }: Props) {
  const [draft, setDraft] = useState('');
  const add = (e: FormEvent) => {
    e.preventDefault();
    // Cut between characters: half an emoji is refused by the server.
    const label = prefixWithin(draft.trim(), 50);
    if (!label || labels.includes(label)) return setDraft('');
    onChange([...labels, label]);
    setDraft('');
  };
  return (
    <div className="labels" data-testid="labels">
      <ul className="labels__list" aria-label="Labels">
        {labels.map((l) => (
          <li key={l} className="label-chip">
            {l}
            <button type="button" className="label-chip__remove" aria-label={`Remove label ${l}`} disabled={disabled} onClick={() => onChange(labels.filter((x) => x !== l))}>
              <X size={12} />
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="labels__add">
        <label className="visually-hidden" htmlFor="label-add">
          Add a label
        </label>
        <input id="label-add" placeholder="+ label" value={draft} maxLength={50} disabled={disabled} onChange={(e) => setDraft(e.target.value)} data-testid="label-input" />
      </form>
    </div>
  );
}
