import { Download } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Breakdowns } from '../../../../src/contract/metrics.ts';
import { csvFile } from '../../../../src/text/csv.ts';
import { downloadFile } from '../../lib/download.ts';
import { useFormat } from '../../i18n/use-format.ts';
import { formatSeconds } from '../../lib/time-format.ts';

type Figures = Breakdowns['total'];

export interface BreakdownRow {
  key: string;
  /** The row's name as shown (may carry a platform mark). */
  name: ReactNode;
  /** The row's name in the CSV. */
  plainName: string;
  /** The inbox list of exactly the conversations this row counts. */
  href: string;
  figures: Figures;
}

/**
 * One breakdown (per agent, label or channel) as a table: each row's count opens the conversations
 * behind it; the whole table downloads as CSV with the same columns and values as shown.
 */
export function BreakdownTable({ id, title, nameHeader, rows, fileName }: { id: string; title: string; nameHeader: string; rows: BreakdownRow[]; fileName: string }) {
  const { t, i18n } = useTranslation('dashboard');
  const format = useFormat();
  const locale = i18n.resolvedLanguage;
  const headers = [nameHeader, t('table.conversations'), t('table.resolved'), t('table.inbound'), t('table.outbound'), t('table.firstResponse'), t('table.resolution')];
  const download = () =>
    downloadFile(
      fileName,
      csvFile(
        [...headers, t('table.firstResponseSeconds'), t('table.resolutionSeconds')],
        rows.map((r) => {
          const f = r.figures;
          return [
            r.plainName,
            f.conversations,
            f.resolved,
            f.inbound,
            f.outbound,
            formatSeconds(f.firstResponseMedianSeconds, locale),
            formatSeconds(f.resolutionMedianSeconds, locale),
            f.firstResponseMedianSeconds,
            f.resolutionMedianSeconds,
          ];
        }),
      ),
    );
  return (
    <section className="card breakdown" aria-labelledby={`${id}-title`} data-testid={`breakdown-${id}`}>
      <div className="breakdown__head">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" className="button" onClick={download} disabled={rows.length === 0} data-testid={`csv-${id}`}>
          <Download size={16} aria-hidden="true" /> {t('table.csv')}
        </button>
      </div>
      {rows.length === 0 ? (
        <p className="chart__empty">{t('table.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                {headers.map((h, i) => (
                  <th key={h} scope="col" className={i > 0 ? 'num' : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.name}</th>
                  <td className="num">
                    <Link href={r.href} title={t('table.open')}>
                      {format.number(r.figures.conversations)}
                    </Link>
                  </td>
                  <td className="num">{format.number(r.figures.resolved)}</td>
                  <td className="num">{format.number(r.figures.inbound)}</td>
                  <td className="num">{format.number(r.figures.outbound)}</td>
                  <td className="num">{formatSeconds(r.figures.firstResponseMedianSeconds, locale)}</td>
                  <td className="num">{formatSeconds(r.figures.resolutionMedianSeconds, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
