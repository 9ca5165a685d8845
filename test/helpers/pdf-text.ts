// A small PDF reader for tests: enough of PDF 1.3 (as jsPDF writes it) to get each page's text and images.
// Objects are found by `N 0 obj … endobj`, Flate streams are inflated with DecompressionStream (browser and
// Node 20), and hex text shown with a Type0 font is mapped back to Unicode through the font's ToUnicode CMap.

export interface PdfPage {
  /** The strings the page shows, in drawing order. */
  lines: string[];
  /** How many image XObjects the page paints. */
  images: number;
}

interface PdfObject {
  dict: string;
  stream?: Uint8Array;
}

async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}

/** Every indirect object of the file by number, with its stream inflated when it is Flate-encoded. */
async function readObjects(bytes: Uint8Array): Promise<Map<number, PdfObject>> {
  const s = latin1(bytes);
  const objects = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    const body = s.slice(start, end);
    const at = body.search(/stream\r?\n/);
    if (at < 0) {
      objects.set(Number(m[1]), { dict: body });
    } else {
      const dict = body.slice(0, at);
      const dataStart = start + at + body.slice(at).match(/stream\r?\n/)![0].length;
      const length = /\/Length (\d+)(?! \d+ R)/.exec(dict);
      const dataEnd = length ? dataStart + Number(length[1]) : s.indexOf('endstream', dataStart);
      let stream = bytes.subarray(dataStart, dataEnd);
      if (/\/Filter\s*\/FlateDecode/.test(dict)) stream = await inflate(stream);
      objects.set(Number(m[1]), { dict, stream });
    }
    re.lastIndex = end;
  }
  return objects;
}

/** Glyph id (hex) → Unicode text, from a ToUnicode CMap's bfchar and bfrange sections. */
function readCmap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const hexToText = (h: string) => {
    let t = '';
    for (let i = 0; i < h.length; i += 4) t += String.fromCharCode(parseInt(h.slice(i, i + 4), 16));
    return t;
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, from, to] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(from!.toLowerCase(), hexToText(to!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, lo, hi, to] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const first = parseInt(to!, 16);
      for (let g = parseInt(lo!, 16); g <= parseInt(hi!, 16); g++)
        map.set(g.toString(16).padStart(lo!.length, '0'), String.fromCharCode(first + g - parseInt(lo!, 16)));
    }
  return map;
}

function literal(s: string): string {
  return s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) =>
    /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e,
  );
}

/** The pages of a PDF, in order, with the text each shows and the images each paints. */
export async function readPdf(data: Blob | Uint8Array): Promise<PdfPage[]> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
  const objects = await readObjects(bytes);
  const decoder = new TextDecoder();
  const text = (o: PdfObject | undefined) => (o?.stream ? latin1(o.stream) : '');
  // font resource name (F1, F2, …) → glyph map
  const fonts = new Map<string, Map<string, string> | null>();
  const imageNames = new Set<string>();
  for (const o of objects.values()) {
    for (const [, name, ref] of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(Number(ref))?.dict ?? '';
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(font);
      fonts.set(name!, toUnicode ? readCmap(text(objects.get(Number(toUnicode[1])))) : null);
    }
    for (const [, name, ref] of o.dict.matchAll(/\/(I\w+) (\d+) 0 R/g))
      if (/\/Subtype\s*\/Image/.test(objects.get(Number(ref))?.dict ?? '')) imageNames.add(name!);
  }
  const root = [...objects.values()].find((o) => /\/Type\s*\/Pages\b/.test(o.dict) && !/\/Parent/.test(o.dict));
  const kids = [...(/\/Kids\s*\[([^\]]*)\]/.exec(root?.dict ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));
  return kids.map((n) => {
    const page = objects.get(n)!.dict;
    const contents = [...(/\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(page)?.[1] ?? '').matchAll(/(\d+) 0 R/g)];
    const ops = contents.map((c) => text(objects.get(Number(c[1])))).join('\n');
    const lines: string[] = [];
    let glyphs: Map<string, string> | null | undefined = null;
    let images = 0;
    for (const t of ops.matchAll(/\/(\w+) [\d.]+ Tf|<([0-9a-fA-F]*)> Tj|\(((?:\\.|[^\\)])*)\) Tj|\/(\w+) Do/g)) {
      if (t[1]) glyphs = fonts.get(t[1]);
      else if (t[2] !== undefined) {
        const hex = t[2].toLowerCase();
        let s = '';
        for (let i = 0; i < hex.length; i += 4) s += glyphs?.get(hex.slice(i, i + 4)) ?? '\ufffd';
        lines.push(s);
      } else if (t[3] !== undefined) lines.push(decoder.decode(Uint8Array.from(literal(t[3]), (c) => c.charCodeAt(0))));
      else if (t[4] && imageNames.has(t[4])) images++;
    }
    return { lines, images };
  });
}
