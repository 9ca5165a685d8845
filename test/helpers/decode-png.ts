// PNG bytes → ImageData in the browser (the renderer's exports, read back by the browser tests).

/** Decodes PNG bytes with the browser's own decoder. */
export async function decodePng(png: Uint8Array): Promise<ImageData> {
  const bmp = await createImageBitmap(new Blob([png as BlobPart], { type: 'image/png' }));
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  const g = c.getContext('2d')!;
  g.drawImage(bmp, 0, 0);
  return g.getImageData(0, 0, bmp.width, bmp.height);
}
