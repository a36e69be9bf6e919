/** Builds the browser-kiosk .deb (scripts/kiosk-deb.mjs); returns outFile. */
export function buildKioskDeb(options: { projectDir: string; workDir: string; outFile: string }): string;
