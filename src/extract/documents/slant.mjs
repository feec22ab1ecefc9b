// Text set at a slant, shared by the PDF worker (plain JS) and the OFD reader: a table's text
// runs level or turned by quarter turns; a run set otherwise is a watermark across the page,
// whose characters would fall into the cells it crosses.

/** Degrees off level (or off a quarter turn) beyond which a run is set at a slant. */
export const SLANT_DEG = 5;

/** Whether a run whose baseline goes along (dx, dy) is set at a slant. */
export function isSlanted(dx, dy) {
  const off = Math.abs(Math.atan2(dy, dx) * 180 / Math.PI) % 90;
  return Math.min(off, 90 - off) > SLANT_DEG;
}

/** The warning for a page's runs left out as set at a slant. */
export function slantedWarning(where, page, runs) {
  return `${where}: page ${page}: ${runs} text run(s) set at a slant (a watermark?) not read`;
}
