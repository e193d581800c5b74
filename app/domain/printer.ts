// What a receipt printer and cash drawer can be set to: shared by the terminal's configuration
// (app/settings/schema.ts) and the installer's contract (app/api/printer.ts).
export const PRINTER_LANGUAGES = ['esc-pos', 'star-prnt', 'star-line'] as const;
/** For the printer's own (Latin) text; Arabic and Chinese are printed as images. */
export const PRINTER_CODEPAGES = ['auto', 'cp437', 'cp850', 'cp858', 'cp864', 'windows1252', 'windows1256'] as const;
export const DRAWER_VIAS = ['printer', 'serial', 'none'] as const;
/** Serial handshaking: thermal printers pause the sender while their buffer is full (rtscts or DTR wired to CTS). */
export const PRINTER_FLOW_CONTROLS = ['none', 'rtscts', 'xonxoff'] as const;
