import { describe } from 'vitest';
import { describePersonas } from './suite.js';

// Simulated customers chatting to the real gateway (issues #11, #21): see cast.ts and README "Conversation quality".
describe('customers in web chat (official Direct Line client)', () => {
  describePersonas('directline');
});
