// The demo module's public face: other modules import from here, never from its files.
export { demoAccounts, demoPassword, seedDemo } from './demo.seed.ts';
export type { SeedProgress } from './demo.seed.ts';
