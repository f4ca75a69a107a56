import { resetScreenshots } from './harness.js';

/** Once per `npm run test:browser`: test-results/screenshots/ then holds this run's pictures only. */
export default function setup(): void {
  resetScreenshots();
}
