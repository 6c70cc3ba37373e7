// The preview of a document in the window (issue 5 item 6).
//
// Decision: the service draws the real PDF (in its print worker thread) and returns its
// bytes in base64 through the one `invoke` call; here pdf.js (pdfjs-dist) rasterises a page
// at a time onto a <canvas> at screen resolution. What is shown is therefore the very file
// that would be printed, the same way in Electron and in the browser preview, on Windows and
// Linux (no pdftoppm, no native canvas on the Node side). The CSP stays as strict as it is:
// pdf.js and its worker are bundled by Vite as files of our own origin ('self' scripts; a
// module worker falls under script-src, and where a worker cannot start — a file:// page —
// pdf.js runs the same code in the window), eval is switched off (isEvalSupported: false),
// embedded fonts are loaded from memory (FontFace from bytes, no fetch), and a canvas needs
// no img-src. pdf.js is loaded only when a preview is first shown.
import { useEffect, useRef, useState } from 'react';
import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';

type PdfJs = typeof PdfJsModule;

let loading: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([pdfjs, worker]) => {
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
    return pdfjs;
  });
  return loading;
}

function bytesOf(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

interface Props {
  pdfBase64: string;
  /** What the document is, for the frame's label. */
  title: string;
}

export function PdfPreview({ pdfBase64, title }: Props) {
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const [rendered, setRendered] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    let live = true;
    let opened: PDFDocumentProxy | null = null;
    loadPdfJs()
      .then((pdfjs) => pdfjs.getDocument({ data: bytesOf(pdfBase64), isEvalSupported: false, useSystemFonts: false }).promise)
      .then(
        (d) => {
          opened = d;
          if (live) {
            setDoc(d);
            setPage(1);
          } else void d.destroy();
        },
        (err: unknown) => live && setError(`Не удалось показать документ: ${err instanceof Error ? err.message : String(err)}`),
      );
    return () => {
      live = false;
      void opened?.destroy();
    };
  }, [pdfBase64]);

  useEffect(() => {
    const target = canvas.current;
    if (!doc || !target) return;
    let task: RenderTask | null = null;
    let live = true;
    void doc.getPage(page).then((p) => {
      if (!live) return;
      // A low-resolution raster: the width of the frame, at most 1.5 device pixels a pixel.
      const cssWidth = Math.min(860, target.parentElement?.clientWidth ?? 860);
      const base = p.getViewport({ scale: 1 });
      const ratio = Math.min(1.5, window.devicePixelRatio || 1);
      const viewport = p.getViewport({ scale: (cssWidth / base.width) * ratio });
      target.width = Math.floor(viewport.width);
      target.height = Math.floor(viewport.height);
      target.style.width = `${Math.floor(viewport.width / ratio)}px`;
      task = p.render({ canvas: target, viewport });
      task.promise.then(
        () => live && setRendered(page),
        (err: unknown) => {
          if (live && !(err instanceof Error && err.name === 'RenderingCancelledException')) setError(`Не удалось нарисовать страницу: ${String(err)}`);
        },
      );
    });
    return () => {
      live = false;
      task?.cancel();
    };
  }, [doc, page]);

  const pages = doc?.numPages ?? 0;
  return (
    <figure className="pdf-preview" data-testid="print-preview" aria-label={`Предпросмотр: ${title}`}>
      <figcaption className="pdf-preview-bar">
        <button type="button" className="btn small" data-testid="preview-prev" disabled={page <= 1} onClick={() => setPage((n) => n - 1)}>
          ‹ Назад
        </button>
        <span data-testid="preview-page">{pages ? `Страница ${page} из ${pages}` : 'Документ открывается…'}</span>
        <button type="button" className="btn small" data-testid="preview-next" disabled={page >= pages} onClick={() => setPage((n) => n + 1)}>
          Вперёд ›
        </button>
        <span className="muted pdf-preview-title">{title}</span>
      </figcaption>
      {error && (
        <p className="status error" role="alert">
          {error}
        </p>
      )}
      <div className="pdf-preview-sheet">
        <canvas ref={canvas} data-testid="preview-canvas" data-rendered-page={rendered || undefined} />
      </div>
    </figure>
  );
}
