/**
 * A short two-note chime made with the Web Audio API (no sound file to load or cache). Browsers
 * let a page play sound only after the user has interacted with it: the audio context is created
 * on the first pointer or key press, and until then a chime is silently skipped.
 */
let context: AudioContext | null = null;

export function unlockChimeOnFirstGesture(): () => void {
  const unlock = () => {
    context ??= new AudioContext();
    void context.resume().catch(() => undefined);
    remove();
  };
  const remove = () => {
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  };
  window.addEventListener('pointerdown', unlock);
  window.addEventListener('keydown', unlock);
  return remove;
}

export function playChime(): void {
  if (!context || context.state !== 'running') return;
  const start = context.currentTime;
  for (const [i, frequency] of [880, 1320].entries()) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    const t = start + i * 0.12;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.15, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
    osc.connect(gain).connect(context.destination);
    osc.start(t);
    osc.stop(t + 0.32);
  }
}
