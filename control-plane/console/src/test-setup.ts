import { cleanup, configure } from '@testing-library/react';
import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';

// findBy* and waitFor wait for what the page shows up to this long (1 s by default): long enough on two cores that
// are busy with other modules' tests (./sparkplane test runs Maven with -T), and still bounded
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});
