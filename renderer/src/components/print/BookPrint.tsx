// The print button of a secretary's book (R-PRINT-3): the extract of the book as it stands
// now, previewed, saved as PDF in the print folder (path shown) or sent to a printer.
import { useState } from 'react';
import { useAction } from '../../hooks/useAction';
import type { ArgsOf, ResultOf } from '../../../../service/api';
import { call } from '../../api';
import { FormError, Loading } from '../Status';
import { PdfPreview } from './PdfPreview';
import { PrinterOptions, type PrinterChoice } from './PrinterOptions';
import { sendToPrinter } from './send';
import '../../print.css';

type Book = ArgsOf<'print.saveBook'>['book'];

export function BookPrint({ book }: { book: Book }) {
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<ResultOf<'print.preview'> | null>(null);
  const [printer, setPrinter] = useState<PrinterChoice>({ printer: null, copies: 1, doubleSided: false });
  const { busy, error, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);

  const show = () => run(async () => {
    setOpen(true);
    setPreview(await call('print.preview', { document: 'book', book }));
  });
  const save = async () => {
    const r = await call('print.saveBook', { book });
    return r.file!;
  };

  if (!open) {
    return (
      <button type="button" className="btn" data-testid={`book-print-${book}`} disabled={busy} onClick={() => void show()}>
        Печать книги…
      </button>
    );
  }
  return (
    <div className="book-print" data-testid="book-print">
      <PrinterOptions value={printer} onChange={setPrinter} />
      <div className="actions">
        <button type="button" className="btn" data-testid="book-save" disabled={busy} onClick={() => void run(async () => setNotice(`Сохранено: ${await save()}`))}>
          Сохранить PDF
        </button>
        <button type="button" className="btn primary" data-testid="book-print" disabled={busy} onClick={() => void run(async () => setNotice(await sendToPrinter([{ file: await save() }], printer)))}>
          Напечатать
        </button>
        <button type="button" className="btn" onClick={() => { setOpen(false); setPreview(null); setNotice(null); }}>
          Закрыть
        </button>
        <FormError error={error} />
      </div>
      {notice && <p className="status info" data-testid="book-notice" role="status">{notice}</p>}
      {busy && !preview && <Loading text="Выписка готовится…" />}
      {preview?.pdfBase64 && <PdfPreview pdfBase64={preview.pdfBase64} title={preview.title} />}
    </div>
  );
}
