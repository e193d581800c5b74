// Every npm package a file of this repository may import, with the kind of code it is. The
// process-borders rule refuses a package that is not in this table: a new dependency is a
// decision about which processes may load it, taken here, in review, once.
//
// Kinds:
//   pure       runs anywhere, no I/O (shared by the renderer and the core)
//   sqlite     the SQLite driver (native addon, main process only)
//   serial     serial-port hardware (native addon, main process only)
//   printing   receipt-printer command encoding and Skia rasterising (native addon, main process only)
//   server     network servers (the loopback host)
//   database   the PostgreSQL client (the HQ service only)
//   electron   the Electron shell API
//   ui         browser UI libraries (React and what draws on screen)
//   dev        build and test tools: never part of the shipped app
export const packageKinds = {
  zod: 'pure',
  'csv-parse': 'pure',
  'better-sqlite3': 'sqlite',
  serialport: 'serial',
  '@serialport/bindings-cpp': 'serial',
  '@point-of-sale/receipt-printer-encoder': 'printing',
  '@napi-rs/canvas': 'printing',
  ws: 'server',
  pg: 'database',
  electron: 'electron',
  react: 'ui',
  'react-dom': 'ui',
  zustand: 'ui',
  qrcode: 'ui',
  'chart.js': 'ui',
  'onscan.js': 'dev',
  vitest: 'dev',
  '@testing-library/react': 'dev',
  '@testing-library/dom': 'dev',
  'playwright-core': 'dev',
  'fast-check': 'dev',
  jsdom: 'dev',
  esbuild: 'dev',
  vite: 'dev',
  '@vitejs/plugin-react': 'dev',
  tsx: 'dev',
  typescript: 'dev',
  eslint: 'dev',
  'typescript-eslint': 'dev',
  'electron-builder': 'dev',
};
