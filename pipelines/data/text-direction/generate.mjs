// Makes the text-direction data set of pipelines/ocr-fp16-validate.yaml: text lines rendered from SVG
// (sharp/librsvg with the system's DejaVu fonts), half of them rotated by exactly 180° as rasters, and
// labels.txt with the class PP-OCR's direction classifier should give (0 = upright, 1 = rotated 180°).
// The labels are true by construction: they come from what we did to the image, not from any model.
//
//   node pipelines/data/text-direction/generate.mjs     (needs fonts: `fc-list | grep DejaVu`)
//
// The 64 PNGs are committed (~1–3 KB each) so that running the pipeline needs no fonts; this script is
// how they were made, deterministic for a given font set.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = path.dirname(fileURLToPath(import.meta.url));
const COUNT = 64;
const WORDS = (
  'model deploy tensor engine batch latency triton runtime accuracy gate profile shape input output layer kernel ' +
  'convert validate benchmark report cache stage pipeline float half precision inference server request queue ' +
  'invoice total amount date 2024 No. 17 page 3 of 12 Street Road price $ 42.50 order ID A7-310 phone +44 20'
).split(' ');
const FONTS = ['DejaVu Sans', 'DejaVu Serif', 'DejaVu Sans Mono'];

/** A small seeded generator (mulberry32) so the same script gives the same lines. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function renderLine(text, font, size, ink, paper) {
  const height = Math.round(size * 1.5);
  const width = Math.round(text.length * size * 0.62 + size);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <rect width="100%" height="100%" fill="rgb(${paper},${paper},${paper})"/>
  <text x="${size / 2}" y="${size * 1.1}" font-family="${font}" font-size="${size}" fill="rgb(${ink},${ink},${ink})">${escapeXml(text)}</text>
</svg>`;
  // trim() crops the paper margin so the line fills the height, as a detector's crop would.
  return sharp(Buffer.from(svg)).flatten({ background: { r: paper, g: paper, b: paper } }).trim({ threshold: 40 }).extend({ top: 3, bottom: 3, left: 3, right: 3, background: { r: paper, g: paper, b: paper } });
}

const random = rng(20240611);
const labels = ['# sample id, class: 0 = upright, 1 = rotated 180° (PP-OCR cls label_list ["0", "180"])'];
for (let i = 0; i < COUNT; i++) {
  const words = Array.from({ length: 2 + Math.floor(random() * 4) }, () => WORDS[Math.floor(random() * WORDS.length)]);
  const text = words.join(' ');
  const font = FONTS[Math.floor(random() * FONTS.length)];
  const size = 28 + Math.floor(random() * 20);
  const ink = Math.floor(random() * 60);
  const paper = 200 + Math.floor(random() * 55);
  const rotated = i % 2 === 1; // exactly half; which half is fixed, the content is random
  let image = await renderLine(text, font, size, ink, paper);
  const upright = await image.png().toBuffer();
  image = sharp(upright);
  if (rotated) image = image.rotate(180); // a raster rotation by 180° is exact: pixels move, none is resampled
  const name = `line_${String(i).padStart(3, '0')}.png`;
  await writeFile(path.join(here, name), await image.png({ compressionLevel: 9, palette: true }).toBuffer());
  labels.push(`${name} ${rotated ? 1 : 0}`);
}
await writeFile(path.join(here, 'labels.txt'), `${labels.join('\n')}\n`);
console.log(`wrote ${COUNT} images and labels.txt to ${path.relative(process.cwd(), here)}`);
