import { describe } from 'vitest';
import { describePersonas } from './suite.js';

// Simulated customers messaging the real gateway (issues #11, #21): see cast.ts and README "Conversation quality".
describe('customers on Messenger', () => {
  describePersonas('messenger');
});
