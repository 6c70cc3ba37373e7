// The renderer's Content Security Policy: only the app's own scripts and styles, no
// eval, no inline scripts, no remote anything. The same text is in renderer/index.html
// (the Electron window loads the page from disk, where only the meta tag applies) and
// in the preview server's response header; a test checks they agree.
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
