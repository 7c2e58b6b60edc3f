import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamExport, type ExportProgress } from '../../web/src/lib/stream-export.ts';

/**
 * The export page's progress comes from these reports. A server that holds the rest of the file
 * until the test has seen the first row's report makes "progress before the end" certain, which a
 * browser cannot show (a quick export's reports render together with its end).
 */
describe('streamExport', () => {
  let server: http.Server;
  let url = '';
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'x-total-count': '3', 'content-disposition': 'attachment; filename="snorq-messages.csv"' });
      res.write('id,text\r\n1,"first"\r\n');
      void held.then(() => res.end('2,"two\r\nlines, ""quoted"""\r\n3,third\r\n'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/export`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reports the announced total and the rows as they arrive, counting a quoted line end as part of its row', async () => {
    const reports: ExportProgress[] = [];
    const result = await streamExport(url, (p) => {
      reports.push(p);
      if (p.rows === 1) release();
    });
    expect(reports[0]).toEqual({ total: 3, rows: 0, bytes: 0 });
    expect(reports.some((p) => p.rows === 1 && p.total === 3)).toBe(true);
    expect(reports.at(-1)).toMatchObject({ total: 3, rows: 3 });
    expect(result).toMatchObject({ name: 'snorq-messages.csv', rows: 3, total: 3 });
    expect(await result.blob.text()).toContain('""quoted""');
  });
});
