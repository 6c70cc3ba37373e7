// Draws a PrintDocument with @react-pdf/renderer: a <Document> with its metadata and one
// <Page> per side, each painted by one full-page <Canvas> — the pages are laid out by
// our own plan, so react-pdf's layout has one box a page to place (LESSONS.md: a View per
// grid cell is ~90× slower). react-pdf 4 is ESM-only: it is loaded with a real dynamic
// import(), which esbuild keeps in the CommonJS bundle of the CLI (packages stay external).
import type * as ReactPdfModule from '@react-pdf/renderer';
import type { PrintDocument } from '../document';
import { FONT_BOLD, FONT_REGULAR, SVG_FONT_FAMILY } from '../draw/fonts';

type ReactPdf = typeof ReactPdfModule;

let loading: Promise<ReactPdf> | null = null;

export function loadReactPdf(): Promise<ReactPdf> {
  loading ??= import('@react-pdf/renderer');
  return loading;
}

/** Anything with pages and what identifies it: the register's documents and the secretary's books. */
export type Drawable = Pick<PrintDocument, 'title' | 'subject' | 'docNo' | 'hash' | 'printedOn' | 'pages'>;

let fontsRegistered = false;

/** PT Sans by family name, for the text of SVG pictures (a report's charts, print/reports/chart-svg.ts). */
function registerSvgFont(rp: ReactPdf): void {
  if (fontsRegistered) return;
  rp.Font.register({ family: SVG_FONT_FAMILY, fonts: [{ src: FONT_REGULAR, fontWeight: 'normal' }, { src: FONT_BOLD, fontWeight: 'bold' }] });
  fontsRegistered = true;
}

export async function renderPdf(doc: Drawable): Promise<Buffer> {
  const rp = await loadReactPdf();
  const { Document, Page, Canvas, Image, View, renderToBuffer } = rp;
  if (doc.pages.some((p) => p.svgs?.length)) registerSvgFont(rp);
  const element = (
    <Document
      title={doc.title}
      subject={doc.subject}
      author={doc.subject}
      keywords={`${doc.docNo} ${doc.hash}`}
      creator="Классный журнал"
      producer="Классный журнал (react-pdf)"
      creationDate={new Date(`${doc.printedOn}T12:00:00Z`)}
      language="ru"
    >
      {doc.pages.map((page, i) => (
        <Page key={i} size={[page.size.width, page.size.height]} style={{ padding: 0 }}>
          <Canvas
            // Yoga rounds boxes to whole points: a box of the exact page height (841.89) would
            // come out taller than the page. The canvas does not clip, so a point less is safe.
            style={{ position: 'absolute', left: 0, top: 0, width: Math.floor(page.size.width) - 1, height: Math.floor(page.size.height) - 1 }}
            paint={(painter) => {
              page.paint(painter, page.size.width, page.size.height);
              return null;
            }}
          />
          {page.svgs?.length ? (
            // react-pdf loads a font only for a node whose style names it; the text of an SVG
            // picture names it in its props, so an empty box asks for it on the page.
            <View style={{ position: 'absolute', left: 0, top: 0, width: 0, height: 0, fontFamily: SVG_FONT_FAMILY }} />
          ) : null}
          {page.svgs?.map((s, j) => (
            <Image key={`svg${j}`} src={{ data: Buffer.from(s.svg, 'utf8'), format: 'svg' } as never} style={{ position: 'absolute', left: s.x, top: s.y, width: s.width, height: s.height }} />
          ))}
        </Page>
      ))}
    </Document>
  );
  return renderToBuffer(element);
}
