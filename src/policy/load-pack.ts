import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { PolicyPackSchema, type PolicyPack } from './pack-schema.js';

/** The packs shipped in src/policy/packs/, chosen by POLICY_PACK. The Code pack is the default (docs/rules/timescales.md#policy-packs). */
export const policyPackNames = ['code-2024', 'seed-2020'] as const;
export const PolicyPackNameSchema = z.enum(policyPackNames);
export type PolicyPackName = z.infer<typeof PolicyPackNameSchema>;
export const defaultPolicyPackName: PolicyPackName = 'code-2024';

/** Validate pack data; the error names the pack and each zod issue with its path. */
export function parsePolicyPack(value: unknown, label: string): PolicyPack {
  const parsed = PolicyPackSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`policy pack "${label}" is invalid: ${issues}`);
  }
  return parsed.data;
}

/** Load and validate a shipped pack by name; unknown names list the known ones. */
export function loadPolicyPack(name: string): PolicyPack {
  const known = PolicyPackNameSchema.safeParse(name);
  if (!known.success) {
    throw new ConfigError(`unknown policy pack "${name}"; known packs: ${policyPackNames.join(', ')}`);
  }
  const path = fileURLToPath(new URL(`./packs/${known.data}.json`, import.meta.url));
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`policy pack "${name}" cannot be read from ${path}: ${(error as Error).message}`);
  }
  const pack = parsePolicyPack(json, name);
  // A file copied under the wrong name would otherwise run one landlord's rules under another's label.
  if (pack.id !== name) throw new ConfigError(`policy pack file ${path} has id "${pack.id}", expected "${name}"`);
  return pack;
}
