import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clock } from '../../lib/clock.ts';

/**
 * An attachment's audio (a customer's voice note, an agent's recording) with its length beside it
 * before anyone plays it: the platform's own figure when it gave one at ingest, else
 * the file's metadata, which `preload="metadata"` asks the browser to read (a few kilobytes, by
 * range requests) without fetching the rest.
 */
export function AudioPlayer({ url, seconds }: { url: string; seconds: number | null | undefined }) {
  const { t } = useTranslation('inbox-tools');
  const [measured, setMeasured] = useState<number | null>(null);
  const length = seconds ?? measured;
  const read = (e: { currentTarget: HTMLAudioElement }) => {
    // A file without a length in its header (a WebM recording) reports Infinity until played to its end.
    const d = e.currentTarget.duration;
    if (Number.isFinite(d) && d > 0) setMeasured(d);
  };
  const time = length === null ? null : clock(length);
  return (
    <span className="media__audio-row">
      <audio
        className="media__audio"
        src={url}
        controls
        preload="metadata"
        onLoadedMetadata={read}
        onDurationChange={read}
        aria-label={time === null ? t('body.audio') : t('body.audioWithLength', { time })}
      />
      {time !== null && (
        <span className="media__duration" data-testid="media-duration" aria-hidden="true">
          {time}
        </span>
      )}
    </span>
  );
}
