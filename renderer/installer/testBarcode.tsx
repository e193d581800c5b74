// The test barcode the installer scans to check a scanner: an EAN-13 drawn on the screen (a linear
// imager reads it there; a laser scanner needs it printed: the browser's print of this page does).
// EAN-13 is thirty lines of tables, too little to pull a barcode library for.

/** The code on the test barcode: a valid EAN-13 that is not a payment code. */
export const TEST_BARCODE = '4006381333931';

const L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
const R = L.map((p) => [...p].map((b) => (b === '1' ? '0' : '1')).join(''));
const G = R.map((p) => [...p].reverse().join(''));
/** Which of L/G each left-hand digit uses: this is how the 13th (first) digit is carried. */
const PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

/** The 95 modules of an EAN-13 ('1' = bar), guards included; the code must be 13 digits. */
export function ean13Modules(code: string): string {
  if (!/^\d{13}$/.test(code)) throw new Error(`an EAN-13 has 13 digits, not "${code}"`);
  const d = [...code].map(Number);
  const parity = PARITY[d[0]!]!;
  const left = d.slice(1, 7).map((n, i) => (parity[i] === 'L' ? L[n] : G[n])).join('');
  const right = d.slice(7).map((n) => R[n]).join('');
  return `101${left}01010${right}101`;
}

const QUIET = 11;

export function TestBarcode({ code = TEST_BARCODE, caption }: { code?: string; caption: string }) {
  const modules = ean13Modules(code);
  const width = modules.length + 2 * QUIET;
  const bars: { x: number; w: number }[] = [];
  for (let i = 0; i < modules.length; i++) {
    if (modules[i] !== '1') continue;
    const last = bars.at(-1);
    if (last && last.x + last.w === i + QUIET) last.w++;
    else bars.push({ x: i + QUIET, w: 1 });
  }
  return (
    <figure className="test-barcode" data-testid="test-barcode" data-code={code}>
      <svg viewBox={`0 0 ${width} 60`} width={width * 3} height={180} role="img" aria-label={code} shapeRendering="crispEdges">
        <rect x={0} y={0} width={width} height={60} fill="#fff" />
        {bars.map((b) => (
          <rect key={b.x} x={b.x} y={4} width={b.w} height={46} fill="#000" />
        ))}
        <text x={width / 2} y={58} textAnchor="middle" fontSize={8} fontFamily="monospace" fill="#000">
          {code}
        </text>
      </svg>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
