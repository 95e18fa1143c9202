import { describe } from 'vitest';
import { describePersonas } from './suite.js';

// Simulated customers texting the real gateway (issues #11, #21): see cast.ts and README "Conversation quality".
describe('customers by SMS', () => {
  describePersonas('sms');
});
