/** What every benchmark is given by bench/run.ts. */
export interface BenchContext {
  scale: 'small' | 'full' | 'large';
  /** Measured rounds per figure; each figure is the median over them. */
  rounds: number;
  log(msg: string): void;
}
