import { useRef, useState, type ClipboardEvent, type DragEvent } from 'react';
import { usePlatform } from '../../queries/use-platforms.ts';
import { acceptList, replyAttachments, trayBlocksSend } from '../../lib/attachment-tray.ts';
import { useAttachments } from './use-attachment.ts';
import { useLimitsText } from './AttachmentTray.tsx';

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/**
 * The composer's attachments: the tray (use-attachment.ts) with the conversation's platform's
 * limits, files taken from the picker, a paste into the reply box (files only: pasted text stays
 * text) and a drop anywhere on the composer, which shows a drop zone while files are dragged
 * over it. Attachments go with replies only (`enabled`), never with notes or templates.
 */
export function useComposerAttachments(platformId: string, enabled: boolean) {
  const platform = usePlatform(platformId);
  const limits = platform?.capabilities.attachments;
  const platformName = platform?.ui.name ?? platformId;
  const tray = useAttachments(limits);
  const limitsText = useLimitsText(limits, platformName);
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const canAttach = enabled && limits !== undefined && limits.kinds.length > 0;

  const dropProps = {
    onDragEnter: (e: DragEvent) => {
      if (!canAttach || !hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setDragging(true);
    },
    onDragOver: (e: DragEvent) => {
      // Without this the browser opens the dropped file instead of handing it over.
      if (canAttach && hasFiles(e)) e.preventDefault();
    },
    onDragLeave: () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      depth.current = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (!canAttach || files.length === 0) return;
      e.preventDefault();
      tray.add(files);
    },
  };

  /** A paste of files (a screenshot, files copied in a file manager) attaches them; text, or text with a picture of it, stays text. */
  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const data = e.clipboardData;
    const files = Array.from(data?.files ?? []);
    if (!canAttach || files.length === 0 || data.types.includes('text/plain')) return;
    e.preventDefault();
    tray.add(files);
  };

  return {
    tray,
    limits,
    platformName,
    limitsText,
    canAttach,
    dragging: dragging && canAttach,
    dropProps,
    onPaste,
    /** What the attach button needs: the picker's files, whether attaching is possible, the types, the limits in words. */
    tools: { onPick: tray.add, enabled: canAttach, accept: limits ? acceptList(limits) : '', hint: limitsText },
    ready: tray.items.some((i) => i.status === 'ready'),
    blocksSend: trayBlocksSend(tray.items),
    body: () => replyAttachments(tray.items, limits),
  };
}
