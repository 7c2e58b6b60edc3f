import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttachmentLimits } from '../../../../src/contract/platforms.ts';
import { errorMessage } from '../../api/http.ts';
import { uploadFile } from '../../api/inbox-api.ts';
import { checkFile, type TrayItem } from '../../lib/attachment-tray.ts';

export type { TrayItem };

/**
 * The files of the next reply (the tray): each checked against the platform's types and caps
 * first (`checkFile`) — a refused one stays in the tray with its reason and is never uploaded —,
 * the rest uploaded at once (POST /api/v1/uploads), in the order they were added. `add` takes
 * files from the picker, a paste or a drop; `pick` adds one (the recorder's path too).
 */
export function useAttachments(limits: AttachmentLimits | undefined) {
  const [items, setItems] = useState<TrayItem[]>([]);
  const nextId = useRef(1);
  const live = useRef(new Set<number>());
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const update = useCallback((id: number, change: (item: TrayItem) => TrayItem) => {
    if (live.current.has(id)) setItems((all) => all.map((i) => (i.id === id ? change(i) : i)));
  }, []);

  const upload = useCallback(
    async (id: number, file: File) => {
      try {
        const done = await uploadFile(file);
        update(id, (i) => ({ ...i, status: 'ready', kind: done.type, upload: done }) as TrayItem);
      } catch (err) {
        update(id, (i) => ({ ...i, status: 'error', kind: i.status === 'uploading' ? i.kind : 'file', error: errorMessage(err) }) as TrayItem);
      }
    },
    [update],
  );

  const add = useCallback(
    (files: readonly File[]) => {
      if (!limits) return;
      let count = itemsRef.current.filter((i) => i.status !== 'refused').length;
      const added: TrayItem[] = [];
      for (const file of files) {
        const id = nextId.current++;
        const verdict = checkFile(limits, { name: file.name, type: file.type, size: file.size }, count);
        const previewUrl = verdict.ok && verdict.kind === 'image' ? URL.createObjectURL(file) : undefined;
        const base = { id, name: file.name || 'file', size: file.size, mimeType: verdict.ok ? verdict.mimeType : file.type, caption: '', ...(previewUrl && { previewUrl }) };
        live.current.add(id);
        if (!verdict.ok) {
          added.push({ ...base, status: 'refused', verdict });
          continue;
        }
        count++;
        added.push({ ...base, status: 'uploading', kind: verdict.kind });
        void upload(id, file);
      }
      setItems((all) => [...all, ...added]);
    },
    [limits, upload],
  );

  const remove = useCallback((id: number) => {
    live.current.delete(id);
    setItems((all) => {
      const gone = all.find((i) => i.id === id);
      if (gone?.previewUrl) URL.revokeObjectURL(gone.previewUrl);
      return all.filter((i) => i.id !== id);
    });
  }, []);

  const setCaption = useCallback((id: number, caption: string) => update(id, (i) => ({ ...i, caption })), [update]);

  const clear = useCallback(() => {
    for (const i of itemsRef.current) if (i.previewUrl) URL.revokeObjectURL(i.previewUrl);
    live.current.clear();
    setItems([]);
  }, []);

  // The thumbnails' object URLs go with the composer.
  useEffect(() => () => itemsRef.current.forEach((i) => i.previewUrl && URL.revokeObjectURL(i.previewUrl)), []);

  const pick = useCallback((file: File) => add([file]), [add]);
  return { items, add, pick, remove, setCaption, clear };
}
