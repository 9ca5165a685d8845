// The client's report as a PDF, made on the device: jsPDF and the font load only when a report is made.
// DejaVu Sans (Bitstream Vera licence, see dejavu-fonts-ttf's LICENSE) covers Latin, Greek and Cyrillic, so
// every European name prints as written; jsPDF embeds the TrueType file with a ToUnicode map (text stays
// searchable and copyable). The font files are served from the app's own origin (Vite emits them as assets).
import type { jsPDF as JsPdf } from 'jspdf';
import regularFontUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url';
import boldFontUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf?url';
import {
  ReportDataError,
  formatLocalDate,
  formatMoneyRange,
  validateReportData,
  type CheckedReport,
  type ReportData,
} from './report-data.js';

export type { ReportData } from './report-data.js';
export { DEFAULT_REACTIONS, DEFAULT_RISKS, SIMULATION_NOTE, ReportDataError, reportFileName, validateReportData } from './report-data.js';

const FONT = 'DejaVuSans';
const MARGIN = 16; // mm
const GAP = 6; // mm between image columns
const HEADING_MM = 13; // a heading: 5 mm above, a 14-pt line (6.4 mm), 1.5 mm below
const INK = [34, 34, 34] as const;
const MUTED = [100, 100, 100] as const;

let fonts: Promise<{ regular: string; bold: string }> | undefined;

/** The two TrueType files as base64 (jsPDF's virtual file system takes strings), fetched once per page load. */
function loadFonts(): Promise<{ regular: string; bold: string }> {
  fonts ??= Promise.all([regularFontUrl, boldFontUrl].map(fetchBase64)).then(([regular, bold]) => ({ regular: regular!, bold: bold! }));
  fonts.catch(() => (fonts = undefined)); // a failed fetch is retried next time
  return fonts;
}

async function fetchBase64(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`The report font ${url} could not be loaded (HTTP ${res.status}).`);
  return bytesToBase64(new Uint8Array(await res.arrayBuffer()));
}

function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

type Image = { data: Uint8Array | string; format: 'JPEG' | 'PNG' };

async function readImage(input: Blob | Uint8Array | string, index: number): Promise<Image> {
  if (typeof input === 'string') return { data: input, format: input.startsWith('data:image/png') ? 'PNG' : 'JPEG' };
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(await input.arrayBuffer());
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { data: bytes, format: 'JPEG' };
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return { data: bytes, format: 'PNG' };
  throw new ReportDataError(`images[${index}].image`, input, 'expected JPEG or PNG image data');
}

/** Makes the client's report (A4 or Letter, printable from a tablet) and resolves to an application/pdf Blob. */
export async function makeReport(data: ReportData): Promise<Blob> {
  const r = validateReportData(data);
  const images = await Promise.all(r.images.map((im, i) => readImage(im.image, i)));
  const signatures = await Promise.all((r.record?.signatures ?? []).map((x, i) => readImage(x.image, 1000 + i)));
  const [{ jsPDF }, font] = await Promise.all([import('jspdf'), loadFonts()]);
  const doc = new jsPDF({ unit: 'mm', format: r.paper, compress: true, putOnlyUsedFonts: true });
  doc.addFileToVFS(`${FONT}.ttf`, font.regular);
  doc.addFont(`${FONT}.ttf`, FONT, 'normal');
  doc.addFileToVFS(`${FONT}-Bold.ttf`, font.bold);
  doc.addFont(`${FONT}-Bold.ttf`, FONT, 'bold');
  doc.setProperties({ title: `Scalp micropigmentation plan — ${r.client.name}`, subject: 'Consultation report', creator: 'smp-sim studio' });
  new Layout(doc, r, images, signatures).write();
  return doc.output('blob');
}

/** Writes the report top to bottom, breaking pages as it goes. */
class Layout {
  private y = MARGIN;
  private readonly width: number;
  private readonly height: number;

  constructor(
    private readonly doc: JsPdf,
    private readonly r: CheckedReport,
    private readonly images: Image[],
    private readonly signatures: Image[] = [],
  ) {
    this.width = doc.internal.pageSize.getWidth();
    this.height = doc.internal.pageSize.getHeight();
  }

  write(): void {
    const { r } = this;
    this.font('normal', 10, MUTED);
    this.line(r.studio ? `${r.studio} · Consultation report` : 'Consultation report');
    this.font('bold', 20);
    this.paragraph(r.client.name, 9);
    this.font('normal', 11, MUTED);
    this.line(`Consultation on ${formatLocalDate(r.date, r.locale)}`);
    this.y += 4;
    this.noteBox(r.note);
    this.summary();
    this.recordNotes();
    this.estimate();
    this.imagePages();
    this.schedule();
    this.forecast();
    this.list('Risks', r.risks);
    this.list('What to expect after each session', r.reactions);
    this.signed();
    this.footers();
  }

  private font(style: 'normal' | 'bold', size: number, color: readonly [number, number, number] = INK): void {
    this.doc.setFont(FONT, style);
    this.doc.setFontSize(size);
    this.doc.setTextColor(color[0], color[1], color[2]);
  }

  private get lineMm(): number {
    return (this.doc.getFontSize() * 0.3528 * 1.3); // pt → mm, with leading
  }

  private get bottom(): number {
    return this.height - MARGIN - 8; // room for the footer
  }

  private room(mm: number): void {
    if (this.y + mm > this.bottom) this.newPage();
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = MARGIN;
  }

  private line(s: string, x = MARGIN): void {
    this.room(this.lineMm);
    this.doc.text(s, x, this.y + this.lineMm * 0.75);
    this.y += this.lineMm;
  }

  private paragraph(s: string, lineMm = this.lineMm, x = MARGIN, width = this.width - MARGIN - x): void {
    for (const part of this.doc.splitTextToSize(s, width) as string[]) {
      this.room(lineMm);
      this.doc.text(part, x, this.y + lineMm * 0.75);
      this.y += lineMm;
    }
  }

  private heading(s: string): void {
    this.room(22); // never a heading alone at the foot of a page
    this.y += 5;
    this.font('bold', 14);
    this.line(s);
    this.y += 1.5;
    this.font('normal', 10.5);
  }

  private noteBox(note: string): void {
    this.font('normal', 10);
    const lines = this.doc.splitTextToSize(note, this.width - 2 * MARGIN - 8) as string[];
    const h = lines.length * this.lineMm + 6;
    this.room(h);
    this.doc.setFillColor(245, 240, 228);
    this.doc.rect(MARGIN, this.y, this.width - 2 * MARGIN, h, 'F');
    this.y += 3;
    for (const part of lines) {
      this.doc.text(part, MARGIN + 4, this.y + this.lineMm * 0.75);
      this.y += this.lineMm;
    }
    this.y += 3;
  }

  private table(rows: string[][], widths: number[], head?: string[]): void {
    const draw = (cells: string[], bold: boolean) => {
      this.font(bold ? 'bold' : 'normal', 10);
      const wrapped = cells.map((c, i) => this.doc.splitTextToSize(c, widths[i]! - 2) as string[]);
      const h = Math.max(...wrapped.map((w) => w.length)) * this.lineMm + 2;
      this.room(h);
      let x = MARGIN;
      wrapped.forEach((lines, i) => {
        lines.forEach((l, j) => this.doc.text(l, x, this.y + 1 + this.lineMm * (j + 0.75)));
        x += widths[i]!;
      });
      this.y += h;
      this.doc.setDrawColor(210, 210, 210);
      this.doc.line(MARGIN, this.y - 0.8, this.width - MARGIN, this.y - 0.8);
    };
    if (head) draw(head, true);
    for (const row of rows) draw(row, false);
  }

  private summary(): void {
    const { plan, locale } = { plan: this.r.plan, locale: this.r.locale };
    const n = (v: number, digits = 0) => v.toLocaleString(locale, { maximumFractionDigits: digits });
    this.heading('Your plan');
    const rows: string[][] = [];
    if (plan.concern) rows.push(['Concern', plan.concern]);
    if (plan.stage) rows.push(['Stage', plan.stage]);
    rows.push(
      ['Treated area', `${n(plan.areaCm2, 1)} cm²`],
      ['Dots placed', n(plan.dots)],
      ['Sessions', n(plan.sessions)],
      ['Density', `${n(plan.densityPerCm2)} dots per cm²`],
      ['Pigment', plan.pigment],
      ['Skin', plan.skin],
    );
    const w = this.width - 2 * MARGIN;
    this.table(rows, [w * 0.35, w * 0.65]);
  }

  /** What the health questions mean for the client's plan (from the intake's flags). */
  private recordNotes(): void {
    const notes = this.r.record?.notes ?? [];
    if (!notes.length) return;
    this.heading('From your health questions');
    for (const n of notes) this.bullet(n);
  }

  /** The consent and the design sign-off with their signatures, as signed and stored in the client's record. */
  private signed(): void {
    const list = this.r.record?.signatures ?? [];
    if (!list.length) return;
    this.heading('Signed');
    list.forEach((s, i) => {
      const im = this.signatures[i]!;
      const props = this.doc.getImageProperties(im.data);
      const w = 60;
      const h = (props.height / props.width) * w;
      this.font('normal', 10.5);
      const lines = this.doc.splitTextToSize(`${s.title} (version ${s.version}), signed by ${s.signer} on ${formatLocalDate(s.date, this.r.locale)}.${s.note ? ` ${s.note}` : ''}`, this.width - 2 * MARGIN) as string[];
      this.room(lines.length * this.lineMm + h + 6);
      for (const l of lines) this.line(l);
      this.doc.addImage(im.data, im.format, MARGIN, this.y + 1, w, h, `signature-${i}`, 'NONE');
      this.y += h + 5;
    });
  }

  private estimate(): void {
    const e = this.r.estimate;
    this.heading('Estimated price');
    this.font('bold', 13);
    this.line(formatMoneyRange(e.low, e.high, e.currency, this.r.locale));
    this.font('normal', 10.5);
    if (e.reasons.length) {
      this.y += 1;
      this.line('The price depends on:');
      for (const reason of e.reasons) this.bullet(reason);
    }
  }

  private bullet(s: string): void {
    const lines = this.doc.splitTextToSize(s, this.width - 2 * MARGIN - 5) as string[];
    this.room(lines.length * this.lineMm);
    this.doc.text('•', MARGIN + 1, this.y + this.lineMm * 0.75);
    this.paragraph(s, this.lineMm, MARGIN + 5);
  }

  private list(title: string, items: string[]): void {
    if (!items.length) return;
    this.heading(title);
    for (const item of items) this.bullet(item);
  }

  /** Images two to a row under their group headings; the first image starts a new page. */
  private imagePages(): void {
    if (!this.images.length) return;
    this.newPage();
    const colW = (this.width - 2 * MARGIN - GAP) / 2;
    const maxH = (this.bottom - MARGIN - 50) / 2; // two rows and two headings with two-line captions fit a page
    let group: string | undefined;
    let col = 0;
    let rowH = 0;
    const endRow = () => {
      if (col > 0) this.y += rowH;
      col = 0;
      rowH = 0;
    };
    this.r.images.forEach((item, i) => {
      const im = this.images[i]!;
      const props = this.doc.getImageProperties(im.data);
      const scale = Math.min(colW / props.width, maxH / props.height);
      const w = props.width * scale;
      const h = props.height * scale;
      this.font('normal', 9.5);
      const caption = this.doc.splitTextToSize(item.caption, colW) as string[];
      const cellH = h + 2 + caption.length * this.lineMm + 4;
      if (item.group !== group) {
        endRow();
        group = item.group;
        this.room(HEADING_MM + cellH); // a heading starts on the page its first picture fits on
        this.heading(group);
        this.font('normal', 9.5);
      }
      if (col === 0) this.room(cellH);
      const x = MARGIN + col * (colW + GAP);
      this.doc.addImage(im.data, im.format, x + (colW - w) / 2, this.y, w, h, `image-${i}`, 'NONE');
      caption.forEach((l, j) => this.doc.text(l, x, this.y + h + 2 + this.lineMm * (j + 0.75)));
      rowH = Math.max(rowH, cellH);
      col++;
      if (col === 2) endRow();
    });
    endRow();
  }

  private schedule(): void {
    const rows = this.r.schedule;
    if (!rows.length) return;
    this.heading('Your sessions and aftercare');
    const w = this.width - 2 * MARGIN;
    this.table(
      rows.map((s) => [formatLocalDate(s.date, this.r.locale), s.what, s.aftercare.map((a) => `• ${a}`).join('\n')]),
      [w * 0.27, w * 0.28, w * 0.45],
      ['When', 'What', 'Aftercare'],
    );
  }

  private forecast(): void {
    const rows = this.r.forecast;
    if (!rows.length) return;
    const { currency } = this.r.estimate;
    const money = (range: [number, number]) => formatMoneyRange(range[0], range[1], currency, this.r.locale);
    this.heading('Touch-ups: forecast');
    const w = this.width - 2 * MARGIN;
    this.table(
      rows.map((f) => [
        f.region,
        f.firstTouchUpYear === null ? 'not within 10 years' : `after about ${f.firstTouchUpYear.toLocaleString(this.r.locale, { maximumFractionDigits: 1 })} years`,
        `${f.touchUps5y} · ${money(f.cost5y)}`,
        `${f.touchUps10y} · ${money(f.cost10y)}`,
      ]),
      [w * 0.22, w * 0.26, w * 0.26, w * 0.26],
      ['Region', 'First touch-up', 'Over 5 years', 'Over 10 years'],
    );
  }

  private footers(): void {
    const pages = this.doc.getNumberOfPages();
    for (let p = 1; p <= pages; p++) {
      this.doc.setPage(p);
      this.font('normal', 8, MUTED);
      const y = this.height - MARGIN + 2;
      this.doc.text(`${this.r.client.name} · ${formatLocalDate(this.r.date, this.r.locale)} · images are a simulation`, MARGIN, y);
      this.doc.text(`Page ${p} of ${pages}`, this.width - MARGIN, y, { align: 'right' });
    }
  }
}
