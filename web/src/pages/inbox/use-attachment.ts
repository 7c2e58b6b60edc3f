import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../../api/http.ts';
import { uploadFile } from '../../api/inbox-api.ts';
import type { Upload } from '../../api/types.ts';

export type Attachment = { status: 'uploading'; name: string } | { status: 'ready'; name: string; upload: Upload } | { status: 'error'; name: string; error: string };

/** One file for the next message: uploaded as soon as it is picked (POST /api/v1/uploads). */
export function useAttachment() {
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const generation = useRef(0);

  const pick = useCallback(async (file: File) => {
    const gen = ++generation.current;
    setAttachment({ status: 'uploading', name: file.name });
    try {
      const upload = await uploadFile(file);
      if (gen === generation.current) setAttachment({ status: 'ready', name: file.name, upload });
    } catch (err) {
      if (gen === generation.current) setAttachment({ status: 'error', name: file.name, error: errorMessage(err) });
    }
  }, []);

  const clear = useCallback(() => {
    generation.current++;
    setAttachment(null);
  }, []);

  return { attachment, pick, clear };
}
