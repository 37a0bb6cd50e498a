/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The bundle goes straight into the jar's static files: Quarkus serves META-INF/resources at /.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/META-INF/resources',
    emptyOutDir: true,
    // no inline scripts or styles, so the Content-Security-Policy can say 'self' only
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  server: {
    // `npm run dev` against a control plane on 8080 (docs/console.md)
    proxy: { '/api': 'http://127.0.0.1:8080', '/q': 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    // A guard against a test that hangs, not a measure of speed: ./sparkplane test builds and tests other modules
    // beside this one (Maven -T), and on two busy cores one rendering test took over the 5 s default.
    testTimeout: 30_000,
  },
});
