// The client's report PDF, made in Chromium as the studio makes it, read back with a small PDF reader.
import { describe, expect, it } from 'vitest';
import { makeReport, type ReportData } from '../examples/consult/report.js';
import { formatLocalDate, formatMoneyRange } from '../examples/consult/report-data.js';
import { readPdf } from './helpers/pdf-text.js';

/** A test picture: a scalp-toned gradient with dark dots, as JPEG or PNG. */
async function picture(type: 'image/jpeg' | 'image/png', w = 480, h = 360, shade = 0): Promise<Blob> {
  const canvas = new OffscreenCanvas(w, h);
  const g = canvas.getContext('2d')!;
  const grad = g.createLinearGradient(0, 0, w, h);
  grad.addColorStop(0, '#d9b8a0');
  grad.addColorStop(1, '#b08870');
  g.fillStyle = grad;
  g.fillRect(0, 0, w, h);
  g.fillStyle = `rgb(${40 + shade}, ${35 + shade}, ${30 + shade})`;
  for (let y = 8; y < h; y += 12) for (let x = 8 + (y % 24); x < w; x += 12) g.fillRect(x, y, 2, 2);
  return canvas.convertToBlob({ type, quality: 0.85 });
}

async function sample(name: string, paper: 'a4' | 'letter' = 'a4'): Promise<ReportData> {
  const captions = ['Before', 'After session 1', 'Healed', 'Year 1', 'Year 3', 'Year 5', 'Year 8'];
  const images = await Promise.all(captions.map((c, i) => picture(i === 0 ? 'image/png' : 'image/jpeg', 480, 360, i * 10)));
  return {
    client: { name },
    date: '2026-11-30',
    paper,
    studio: 'Studio Nord',
    plan: { concern: 'Shaved look', stage: 'Norwood V', areaCm2: 212.4, dots: 41_230, sessions: 3, densityPerCm2: 90, pigment: 'SMP pigment', skin: 'Normal, type III' },
    images: [
      ...images.map((image, i) => ({ image, caption: captions[i]!, group: 'With touch-ups' })),
      { image: await picture('image/jpeg', 300, 400, 50), caption: 'Year 8 without touch-ups', group: 'Without touch-ups' },
    ],
    schedule: [
      { date: '2027-01-04T10:00', what: 'Session 1 (base layer)', aftercare: ['No washing or heavy sweat for 4 days', 'Moisturise from day 4'] },
      { date: '2027-01-18T10:00', what: 'Session 2 (density)', aftercare: ['No washing or heavy sweat for 4 days'] },
      { date: '2027-02-01T10:00', what: 'Session 3 (shade)', aftercare: ['No heavy exercise for 5 days'] },
      { date: '2027-03-01', what: 'Sun, swimming, sauna and steam allowed again', aftercare: ['SPF 30–50 from now on'] },
    ],
    estimate: { low: 3900, high: 4300, currency: 'USD', reasons: ['Treated area 212 cm²', '3 sessions', 'Touch-ups every few years'] },
    forecast: [{ region: 'Crown', firstTouchUpYear: 3.5, touchUps5y: 1, touchUps10y: 3, cost5y: [350, 1000], cost10y: [1050, 3000] }],
  };
}

const all = (pages: { lines: string[] }[]) => pages.map((p) => p.lines.join('\n')).join('\n');

describe('the client report PDF', () => {
  for (const name of ['Łukasz Żółć-Größe', 'Ηλίας Παπαδόπουλος', 'Дмитрий Шостакович', 'Søren Ærø Çağlar Ñúñez']) {
    it(`prints the client's name as written: ${name}`, async () => {
      const pdf = await makeReport(await sample(name));
      expect(pdf.type).toBe('application/pdf');
      const text = all(await readPdf(pdf));
      expect(text).toContain(name);
      expect(text).not.toContain('\ufffd');
    });
  }

  it('holds the consultation date, every session date and the estimate as the client reads them', async () => {
    const data = await sample('Łukasz Żółć-Größe');
    const text = all(await readPdf(await makeReport(data)));
    expect(text).toContain(formatLocalDate('2026-11-30', 'en-GB'));
    for (const row of data.schedule!) expect(text).toContain(formatLocalDate(row.date, 'en-GB'));
    expect(formatLocalDate('2027-01-04T10:00', 'en-GB')).toMatch(/Mon.*4 Jan 2027.*10:00/);
    const range = formatMoneyRange(3900, 4300, 'USD', 'en-GB');
    expect(range).toMatch(/3,900.*4,300/);
    expect(text).toContain(range);
    expect(text).toContain('Treated area 212 cm²');
    expect(text).toContain('SPF 30–50 from now on');
  });

  it('has image pages: every image painted once, after the summary, with its caption on the same page', async () => {
    const data = await sample('Ηλίας');
    const pages = await readPdf(await makeReport(data));
    expect(pages.reduce((n, p) => n + p.images, 0)).toBe(data.images!.length);
    expect(pages[0]!.images).toBe(0); // the first page is the summary
    for (const im of data.images!) {
      const page = pages.find((p) => p.lines.some((l) => l === im.caption));
      expect(page, im.caption).toBeDefined();
      expect(page!.images).toBeGreaterThan(0);
    }
    expect(all(pages)).toContain('Without touch-ups');
  });

  it('starts each picture group on the page its first picture fits on: no heading alone at the foot of a page', async () => {
    const data = await sample('Ana');
    const groups = ['Your plan on your photo', 'Without touch-ups', 'With touch-ups'];
    const tall = await Promise.all(Array.from({ length: 7 }, (_, i) => picture('image/jpeg', 300, 400, i * 10)));
    data.images = tall.map((image, i) => ({ image, caption: `Picture ${i + 1}`, group: groups[i < 2 ? 0 : i < 5 ? 1 : 2]! }));
    const pages = await readPdf(await makeReport(data));
    for (const [g, first] of [[groups[0], 'Picture 1'], [groups[1], 'Picture 3'], [groups[2], 'Picture 6']] as const) {
      const page = pages.find((p) => p.lines.includes(g!));
      expect(page, g).toBeDefined();
      expect(page!.lines, g).toContain(first);
    }
  });

  it('lists the risks, the expected reactions and says plainly that the images are a simulation', async () => {
    const text = all(await readPdf(await makeReport(await sample('Дмитрий')))).replace(/\s+/g, ' ');
    for (const word of ['sterile', 'patch test', 'keloids', 'MRI', 'crusting', 'weeks 3–4', 'computer simulation']) expect(text).toContain(word);
  });

  it('is A4 by default and Letter when asked, with a page number on every page', async () => {
    const mediaBox = async (d: ReportData) => /\/MediaBox \[([^\]]*)\]/.exec(new TextDecoder('latin1').decode(await (await makeReport(d)).arrayBuffer()))?.[1];
    expect(await mediaBox(await sample('Ana', 'a4'))).toMatch(/^0 0 595\.2\d* 841\.8\d*$/);
    expect(await mediaBox(await sample('Ana', 'letter'))).toMatch(/^0 0 612\.?0* 792\.?0*$/);
    const pages = await readPdf(await makeReport(await sample('Ana')));
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((p, i) => expect(p.lines).toContain(`Page ${i + 1} of ${pages.length}`));
  });

  it('refuses bad data naming the field and the value', async () => {
    const data = await sample('Ana');
    await expect(makeReport({ ...data, estimate: { low: 500, high: 400, currency: 'USD' } })).rejects.toThrow(/report\.estimate\.high: .*\(got 400\)/);
    await expect(makeReport({ ...data, date: '2026-13-45' })).rejects.toThrow(/report\.date: .*\(got "2026-13-45"\)/);
    const gif = new Blob([new TextEncoder().encode('GIF89a……')], { type: 'image/gif' });
    await expect(makeReport({ ...data, images: [{ image: gif, caption: 'x' }] })).rejects.toThrow(/report\.images\[0\]\.image: expected JPEG or PNG/);
    await expect(makeReport({ ...data, client: { name: '  ' } })).rejects.toThrow(/report\.client\.name/);
  });
});
