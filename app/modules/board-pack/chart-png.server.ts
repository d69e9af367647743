/**
 * The summary's SVG charts (ragChart, progressChart in ./summary) as PNG, for
 * the Word and PDF documents, rendered with resvg.
 *
 * resvg draws text only with fonts it has been given. Scanning every system
 * font on each render is slow and machine-dependent, so we give it one sans
 * family (metric-compatible with Arial, which the SVGs ask for) from the
 * usual font folders, and map "Arial" and "sans-serif" to it. When none of
 * those files exists we fall back to resvg's system font scan; on a machine
 * with no fonts at all the bars still render but the text labels do not
 * (the documents always carry the same figures as alt text and in a table).
 */
import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";

export type ReportFont = { family: string; regular: string; bold: string };

/** Sans fonts we look for, best first (Liberation Sans has Arial's metrics). */
const FONT_CANDIDATES: ReportFont[] = [
  {
    family: "Liberation Sans",
    regular: "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    bold: "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
  },
  {
    family: "Liberation Sans",
    regular: "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
    bold: "/usr/share/fonts/liberation-sans/LiberationSans-Bold.ttf",
  },
  {
    family: "Liberation Sans",
    regular: "/usr/share/fonts/liberation/LiberationSans-Regular.ttf",
    bold: "/usr/share/fonts/liberation/LiberationSans-Bold.ttf",
  },
  {
    family: "DejaVu Sans",
    regular: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    bold: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  },
  {
    family: "DejaVu Sans",
    regular: "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    bold: "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
  },
  { family: "Arial", regular: "/Library/Fonts/Arial.ttf", bold: "/Library/Fonts/Arial Bold.ttf" },
  { family: "Arial", regular: "C:\\Windows\\Fonts\\arial.ttf", bold: "C:\\Windows\\Fonts\\arialbd.ttf" },
];

let cachedFont: ReportFont | null | undefined;

/** The sans font (regular and bold TrueType files) the charts and the PDF use; null when none is installed. */
export function reportFont(): ReportFont | null {
  if (cachedFont === undefined)
    cachedFont = FONT_CANDIDATES.find((f) => existsSync(f.regular) && existsSync(f.bold)) ?? null;
  return cachedFont;
}

/**
 * An SVG as PNG bytes. `width` is the output width in pixels (default: twice
 * the SVG's own width, so the image stays sharp when printed).
 */
export function svgToPng(svg: string, width?: number): Buffer {
  const font = reportFont();
  const resvg = new Resvg(svg, {
    fitTo: width ? { mode: "width", value: width } : { mode: "zoom", value: 2 },
    background: "#ffffff",
    font: font
      ? {
          loadSystemFonts: false,
          fontFiles: [font.regular, font.bold],
          defaultFontFamily: font.family,
          sansSerifFamily: font.family,
        }
      : { loadSystemFonts: true },
    logLevel: "off",
  });
  return resvg.render().asPng();
}
